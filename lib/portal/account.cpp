// /account: the password and the second factor of the signed-in user.
#include "portal/html.hpp"
#include "portal/pages.hpp"
#include "portal/portal_impl.hpp"
#include "portal/second_factor.hpp"
#include "store/database.hpp"
#include "store/portal_auth_repository.hpp"
#include "store/portal_factor_repository.hpp"

namespace ill::portal {

Result<bool> Portal::Impl::enrolment_required(Call& call, const store::SessionLookup& s) {
  if (!second_factor_required(options.settings.require_2fa, s.principal.client_name)) return false;
  auto has = has_second_factor(call.db, s.principal.user_id);
  if (!has) return fail(has.error());
  return !*has;
}

http::Response Portal::Impl::account(Call& call, const store::SessionLookup& s,
                                     const PageContext& ctx, const Form& form) {
  const auto& path = call.request.path;
  const bool post = form.has_value();
  const auto& who = s.principal;
  const store::SecretBox* box = options.secrets ? &*options.secrets : nullptr;

  auto view = [&]() -> Result<SecondFactorView> {
    SecondFactorView v;
    v.required = second_factor_required(options.settings.require_2fa, who.client_name);
    auto has = has_second_factor(call.db, who.user_id);
    if (!has) return fail(has.error());
    v.enabled = *has;
    if (v.enabled) {
      auto left = store::PortalFactorRepository(call.db).unused_recovery_codes(who.user_id);
      if (!left) return fail(left.error());
      v.recovery_left = *left;
    } else if (box) {
      auto uri = pending_uri(call.db, *box, who.user_id, who.username, issuer());
      if (!uri) return fail(uri.error());
      v.pending = std::move(*uri);
    }
    return v;
  };
  auto show = [&](int status, std::string_view message, bool error,
                  std::vector<std::string> codes = {}) {
    auto v = view();
    if (!v) return internal_error(v.error());
    v->new_codes = std::move(codes);
    return html(status, account_page(ctx, message, error, *v));
  };

  if (path == "/account" && !post) return show(200, "", false);
  if (path == "/account/password" && post) {
    auto next = field_of(form, "new");
    if (next.size() < k_min_password || next.size() > 1024)
      return show(400, "The new password needs 10 to 1024 characters.", true);
    auto changed = auth.change_password(call.db, who, store::Secret(field_of(form, "current")),
                                        store::Secret(next), call.origin.address, call.now);
    if (!changed) return internal_error(changed.error());
    if (!*changed) return show(403, "The current password is wrong.", true);
    auto r = redirect("/login");
    r.headers.emplace_back(
        "Set-Cookie",
        cookie(call.origin.secure ? k_session_secure : k_session_plain, "", call.origin.secure, 0));
    return r;
  }
  if (path == "/account/2fa/start" && post) {
    if (!box) return show(503, "Second factors cannot be set up here; ask your provider.", true);
    auto has = has_second_factor(call.db, who.user_id);
    if (!has) return internal_error(has.error());
    if (*has) return show(409, "The second factor is on already.", true);
    auto started = enrol(call.db, *box, who.user_id, who.username, issuer(), false, call.now);
    if (!started) return internal_error(started.error());
    return redirect("/account");
  }
  if (path == "/account/2fa/confirm" && post) {
    if (!box) return show(503, "Second factors cannot be set up here; ask your provider.", true);
    auto codes = confirm_enrolment(call.db, *box, who.user_id, field_of(form, "code"), call.now);
    if (!codes) return internal_error(codes.error());
    if (!*codes) return show(400, "That code is not right; try the next one your app shows.", true);
    if (auto st = store::PortalAuthRepository(call.db).log(
            {call.now, who.username, who.user_id, call.origin.address, "2fa-enrolled"});
        !st)
      return internal_error(st.error());
    return show(200, "", false, std::move(**codes));
  }
  if (post) return html(405, page({.title = "Method not allowed"}, "<h1>Method not allowed</h1>"));
  return page_not_found();
}

}  // namespace ill::portal
