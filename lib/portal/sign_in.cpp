// The signed-out routes: /login (password), /login/code (second factor) and /invite/{token}.
#include "portal/html.hpp"
#include "portal/invitation.hpp"
#include "portal/pages.hpp"
#include "portal/portal_impl.hpp"
#include "portal/token.hpp"

#include <fmt/format.h>

namespace ill::portal {

namespace {

bool well_formed(std::string_view token) {
  return token.size() == 43 && token.find_first_not_of(k_token_alphabet) == std::string::npos;
}

}  // namespace

http::Response Portal::Impl::sign_in(Call& call, const Form& form, bool signed_in) {
  const bool post = form.has_value();
  const bool secure = call.origin.secure;
  const auto session_name = secure ? k_session_secure : k_session_plain;
  const auto form_name = secure ? k_form_secure : k_form_plain;
  const auto pending_name = secure ? k_pending_secure : k_pending_plain;
  auto signed_in_reply = [&](const std::string& token) {
    auto r = redirect("/");
    r.headers.emplace_back("Set-Cookie", cookie(session_name, token, secure,
                                                auth.settings().session_lifetime.count()));
    r.headers.emplace_back("Set-Cookie", cookie(form_name, "", secure, 0));
    r.headers.emplace_back("Set-Cookie", cookie(pending_name, "", secure, 0));
    return r;
  };
  auto throttled = [](http::Response r, std::chrono::seconds wait) {
    r.headers.emplace_back("Retry-After", std::to_string(wait.count()));
    return r;
  };

  if (call.request.path == "/login/code") {
    const auto pending = cookie_of(call, k_pending_secure, k_pending_plain);
    if (!post) {
      auto csrf = auth.pending_csrf(call.db, pending, call.now);
      if (!csrf) return internal_error(csrf.error());
      if (!*csrf) return redirect("/login");
      return html(200, code_page("", **csrf));
    }
    const store::SecretBox* box = options.secrets ? &*options.secrets : nullptr;
    auto result = auth.second_step(call.db, box, pending, field_of(form, "csrf"),
                                   field_of(form, "code"), call.origin.address, call.now);
    if (!result) return internal_error(result.error());
    switch (result->outcome) {
    case LoginResult::Outcome::ok: return signed_in_reply(result->token);
    case LoginResult::Outcome::refused:
      return html(401, code_page("Wrong or already used code.", result->csrf));
    case LoginResult::Outcome::throttled:
      return throttled(
          html(429, code_page(fmt::format("Too many failed sign-ins. Try again in {} s.",
                                          result->retry_after.count()),
                              result->csrf)),
          result->retry_after);
    case LoginResult::Outcome::forbidden:
      return html(403, page({.title = "Forbidden"},
                            "<h1>Forbidden</h1><p>The form expired. <a href=\"/login\">Sign in "
                            "again</a>.</p>"));
    default: {
      auto r = redirect("/login");
      r.headers.emplace_back("Set-Cookie", cookie(pending_name, "", secure, 0));
      return r;
    }
    }
  }

  // /login
  if (signed_in && !post) return redirect("/");
  if (!post) {
    // The form token of an earlier /login in this browser stays valid, so two tabs, or a
    // favicon request redirected here, do not invalidate each other's forms.
    auto token = cookie_of(call, k_form_secure, k_form_plain);
    if (!well_formed(token)) token = random_token();
    auto r = html(200, login_page("", token));
    r.headers.emplace_back("Set-Cookie", cookie(form_name, token, secure, 3600));
    return r;
  }
  auto expected = cookie_of(call, k_form_secure, k_form_plain);
  auto fresh = random_token();
  auto again = [&](int status, std::string_view message) {
    auto r = html(status, login_page(message, fresh));
    r.headers.emplace_back("Set-Cookie", cookie(form_name, fresh, secure, 3600));
    return r;
  };
  if (expected.empty() || !equal_secret(expected, field_of(form, "csrf")))
    return again(403, "The form expired; please sign in again.");
  auto result =
      auth.login(call.db, field_of(form, "username"), store::Secret(field_of(form, "password")),
                 call.origin.address, call.now);
  if (!result) return internal_error(result.error());
  switch (result->outcome) {
  case LoginResult::Outcome::ok: return signed_in_reply(result->token);
  case LoginResult::Outcome::throttled:
    return throttled(again(429, fmt::format("Too many failed sign-ins. Try again in {} s.",
                                            result->retry_after.count())),
                     result->retry_after);
  case LoginResult::Outcome::second_factor: {
    auto r = redirect("/login/code");
    r.headers.emplace_back("Set-Cookie",
                           cookie(pending_name, result->token, secure, k_pending_login.count()));
    r.headers.emplace_back("Set-Cookie", cookie(form_name, "", secure, 0));
    return r;
  }
  default: return again(401, "Wrong user name or password.");
  }
}

http::Response Portal::Impl::invitation(Call& call, const Form& form) {
  const std::string token(call.request.path.substr(8));
  if (!well_formed(token)) return html(404, invite_gone_page());
  auto user = invitation_user(call.db, token, call.now);
  if (!user) return internal_error(user.error());
  if (!*user) return html(404, invite_gone_page());
  // The form token is derived from the invitation's own secret: no cookie is needed, and a
  // cross-site form cannot know it.
  const auto csrf = invitation_form_token(token);
  if (!form) return html(200, invite_page((*user)->username, csrf, ""));
  if (!equal_secret(field_of(form, "csrf"), csrf))
    return html(403, invite_page((*user)->username, csrf, "The form expired; reload the page."));
  auto next = field_of(form, "new");
  if (next.size() < k_min_password || next.size() > 1024)
    return html(400,
                invite_page((*user)->username, csrf, "The password needs 10 to 1024 characters."));
  auto accepted =
      accept_invitation(call.db, token, store::Secret(next), call.origin.address, call.now);
  if (!accepted) return internal_error(accepted.error());
  if (!*accepted) return html(404, invite_gone_page());
  return redirect("/login");
}

}  // namespace ill::portal
