# bash completion for illctl                                    -*- shell-script -*-
# The tables below list every command's subcommands and options (tests/docs/check_docs.py runs
# this function and fails when one that `illctl ... --help` shows is missing). Names of routers,
# clients and links are asked of illctl itself (`illctl router list --names`), so they follow
# the inventory and the --db/--config given on the command line.

declare -gA _illctl_subs=(
  ["illctl"]="config init db router client link user maintenance import poll history sla outage status secret alert report"
  ["illctl alert"]="list"
  ["illctl client"]="add list show edit disable enable rm"
  ["illctl config"]="show check"
  ["illctl db"]="compact"
  ["illctl history"]="import"
  ["illctl link"]="add list show edit rm"
  ["illctl maintenance"]="add list rm"
  ["illctl outage"]="list annotate audit"
  ["illctl report"]="list"
  ["illctl router"]="add list show edit rm test trust"
  ["illctl secret"]="set list rm"
  ["illctl sla"]="calculate show policy verify"
  ["illctl user"]="add list passwd disable enable rm token 2fa log"
  ["illctl user token"]="add list revoke"
  ["illctl user 2fa"]="enable disable"
)
declare -gA _illctl_opts=(
  ["illctl"]="--version -c --config --db --log-level --json -v --verbose"
  ["illctl alert"]=""
  ["illctl alert list"]="--status --limit"
  ["illctl client"]=""
  ["illctl client add"]="--email --whatsapp --timezone"
  ["illctl client edit"]="--rename --email --whatsapp --timezone"
  ["illctl client list"]="--names"
  ["illctl client rm"]="--force"
  ["illctl client disable"]=""
  ["illctl client enable"]=""
  ["illctl client show"]=""
  ["illctl config"]=""
  ["illctl config check"]=""
  ["illctl config show"]=""
  ["illctl db"]=""
  ["illctl db compact"]=""
  ["illctl history"]=""
  ["illctl history import"]="--link --interval --dry-run"
  ["illctl import"]="--dry-run --password-stdin --password-file"
  ["illctl init"]=""
  ["illctl link"]=""
  ["illctl link add"]="--client --router --interface --mbps --uptime --latency --loss --probe --circuit --ref --fee --currency --activated --active --sla-excluded-time --sla-unknown --sla-merge-gap --sla-min-outage --sla-percentile --sla-credit --sla-business-hours --sla-counted-causes --grafana-uid"
  ["illctl link edit"]="--rename --client --router --interface --mbps --uptime --latency --loss --probe --circuit --ref --fee --currency --activated --active --sla-excluded-time --sla-unknown --sla-merge-gap --sla-min-outage --sla-percentile --sla-credit --sla-business-hours --sla-counted-causes --grafana-uid"
  ["illctl link list"]="--client --router --names"
  ["illctl link rm"]=""
  ["illctl link show"]=""
  ["illctl maintenance"]=""
  ["illctl maintenance add"]="--link --router --all --start --end --duration --reason"
  ["illctl maintenance list"]=""
  ["illctl maintenance rm"]=""
  ["illctl outage"]=""
  ["illctl outage annotate"]="--link --start --cause --note --by"
  ["illctl outage audit"]="--link --start"
  ["illctl outage list"]="--link --month"
  ["illctl poll"]="--host --user --password-stdin --password-file --transport --tls-verify --ca --interface --ping --count --timeout"
  ["illctl router"]=""
  ["illctl router add"]="--host --port --transport --user --tls-verify --ca-file --ssh-key-file --ssh-jump-host --ssh-port --ssh-user --ssh-passphrase-file --location --poll-interval --active --password-stdin --password-file"
  ["illctl router edit"]="--rename --host --port --transport --user --tls-verify --ca-file --ssh-key-file --ssh-jump-host --ssh-port --ssh-user --ssh-passphrase-file --location --poll-interval --active --password-stdin --password-file --password-prompt"
  ["illctl router list"]="--names"
  ["illctl router rm"]="--force"
  ["illctl router show"]=""
  ["illctl router test"]=""
  ["illctl router trust"]="--yes --replace"
  ["illctl secret"]=""
  ["illctl secret list"]=""
  ["illctl secret rm"]=""
  ["illctl secret set"]="--stdin --file"
  ["illctl sla"]=""
  ["illctl sla calculate"]="--month --link --client --all"
  ["illctl sla policy"]=""
  ["illctl sla show"]="--month --link --client --all"
  ["illctl sla verify"]="--month --link --client --all"
  ["illctl status"]="--check"
  ["illctl report"]="--month --link --client --all --format --output --dry-run --email --resend"
  ["illctl report list"]="--client --month"
  ["illctl user"]=""
  ["illctl user add"]="--client --email --invite --password-stdin --password-file"
  ["illctl user disable"]=""
  ["illctl user enable"]=""
  ["illctl user list"]="--client"
  ["illctl user passwd"]="--password-stdin --password-file"
  ["illctl user rm"]=""
  ["illctl user log"]="--limit"
  ["illctl user token"]=""
  ["illctl user token add"]="--label"
  ["illctl user token list"]=""
  ["illctl user token revoke"]=""
  ["illctl user 2fa"]=""
  ["illctl user 2fa enable"]=""
  ["illctl user 2fa disable"]=""
)
# Options that take a value: the word after them is not a command.
_illctl_valued=" --file --limit --status --activated --active --by --ca --ca-file --cause --circuit --client --config --currency --db --duration --email --end --fee --host --interface --interval --latency --link --location --log-level --loss --mbps --month --note --password-file --ping --poll-interval --port --probe --reason --ref --rename --router --sla-business-hours --sla-counted-causes --sla-credit --sla-excluded-time --sla-merge-gap --sla-min-outage --sla-percentile --sla-unknown --ssh-jump-host --ssh-key-file --ssh-passphrase-file --ssh-port --ssh-user --start --timeout --timezone --tls-verify --transport --uptime --user --whatsapp -c --grafana-uid --label --format --output "

# Names of routers, clients or links from the store ($1: router | client | link).
_illctl_names() {
  local args=()
  [[ -n ${_illctl_db:-} ]] && args+=(--db "$_illctl_db")
  [[ -n ${_illctl_config:-} ]] && args+=(--config "$_illctl_config")
  illctl "${args[@]}" "$1" list --names 2>/dev/null
}

_illctl() {
  local cur prev words cword
  _init_completion || return

  # The command path (e.g. "illctl router add") is the run of words that are subcommands of what came
  # before; options and their values are skipped, other words are arguments.
  local i word path=illctl arguments=0
  _illctl_db="" _illctl_config=""
  for ((i = 1; i < cword; i++)); do
    word=${words[i]}
    case $word in
      --db) _illctl_db=${words[i + 1]} ;;
      --config | -c) _illctl_config=${words[i + 1]} ;;
    esac
    if [[ $word == -* ]]; then
      [[ $word != *=* && $_illctl_valued == *" $word "* ]] && ((i++))
    elif [[ " ${_illctl_subs[$path]-} " == *" $word "* ]]; then
      path+=" $word"
    else
      ((arguments++))
    fi
  done

  case $prev in
    --config | -c | --db | --password-file | --ca | --ca-file | --ssh-key-file | --file) _filedir; return ;;
    --status) COMPREPLY=($(compgen -W "pending sent failed" -- "$cur")); return ;;
    --log-level) COMPREPLY=($(compgen -W "trace debug info warn error off" -- "$cur")); return ;;
    --transport) COMPREPLY=($(compgen -W "api api-ssl rest ssh" -- "$cur")); return ;;
    --tls-verify) COMPREPLY=($(compgen -W "full none adh" -- "$cur")); return ;;
    --active) COMPREPLY=($(compgen -W "yes no" -- "$cur")); return ;;
    --month) COMPREPLY=($(compgen -W "last this" -- "$cur")); return ;;
    --cause) COMPREPLY=($(compgen -W "provider customer planned power monitoring" -- "$cur")); return ;;
    --sla-excluded-time) COMPREPLY=($(compgen -W "available removed" -- "$cur")); return ;;
    --sla-unknown) COMPREPLY=($(compgen -W "not_down down excluded" -- "$cur")); return ;;
    --sla-percentile) COMPREPLY=($(compgen -W "nearest_rank interpolated" -- "$cur")); return ;;
    --ssh-key-file | --ssh-passphrase-file) _filedir; return ;;
    --router) COMPREPLY=($(compgen -W "$(_illctl_names router)" -- "$cur")); return ;;
    --client) COMPREPLY=($(compgen -W "$(_illctl_names client)" -- "$cur")); return ;;
    --link) COMPREPLY=($(compgen -W "$(_illctl_names link)" -- "$cur")); return ;;
  esac
  [[ $prev == -* && $_illctl_valued == *" $prev "* ]] && return  # a value nobody can guess

  if [[ $cur == -* ]]; then
    local options=${_illctl_opts[$path]-}
    [[ $path != illctl ]] && options+=" ${_illctl_opts[illctl]}"
    COMPREPLY=($(compgen -W "$options --help" -- "$cur"))
    return
  fi
  if [[ -n ${_illctl_subs[$path]-} ]]; then
    COMPREPLY=($(compgen -W "${_illctl_subs[$path]}" -- "$cur"))
    return
  fi
  ((arguments > 0)) && return
  case $path in
    "illctl router show" | "illctl router edit" | "illctl router rm" | "illctl router test" | "illctl router trust" | "illctl poll")
      COMPREPLY=($(compgen -W "$(_illctl_names router)" -- "$cur")) ;;
    "illctl client show" | "illctl client edit" | "illctl client rm" | "illctl client disable" | "illctl client enable")
      COMPREPLY=($(compgen -W "$(_illctl_names client)" -- "$cur")) ;;
    "illctl link show" | "illctl link edit" | "illctl link rm" | "illctl sla policy")
      COMPREPLY=($(compgen -W "$(_illctl_names link)" -- "$cur")) ;;
    "illctl import" | "illctl history import") _filedir csv ;;
  esac
}
complete -F _illctl illctl
