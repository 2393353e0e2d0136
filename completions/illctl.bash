# bash completion for illctl                                    -*- shell-script -*-
# Commands and subcommands are listed here; router, client and link names are asked of illctl
# itself (`illctl router list --names`), so they follow the inventory.

_illctl_names() {  # $1: router | client | link
  local args=()
  [[ -n ${_illctl_db:-} ]] && args+=(--db "$_illctl_db")
  [[ -n ${_illctl_config:-} ]] && args+=(--config "$_illctl_config")
  illctl "${args[@]}" "$1" list --names 2>/dev/null
}

_illctl() {
  local cur prev words cword
  _init_completion || return

  local global_opts="--config --db --log-level --json --verbose --version --help"
  case $prev in
    --config|-c|--db|--password-file|--ca|--ca-file|--ssh-key-file) _filedir; return ;;
    --log-level) COMPREPLY=($(compgen -W "trace debug info warn error off" -- "$cur")); return ;;
    --transport) COMPREPLY=($(compgen -W "api api-ssl rest ssh" -- "$cur")); return ;;
    --tls-verify) COMPREPLY=($(compgen -W "full none adh" -- "$cur")); return ;;
    --router) COMPREPLY=($(compgen -W "$(_illctl_names router)" -- "$cur")); return ;;
    --client) COMPREPLY=($(compgen -W "$(_illctl_names client)" -- "$cur")); return ;;
    --link) COMPREPLY=($(compgen -W "$(_illctl_names link)" -- "$cur")); return ;;
  esac

  # The command and subcommand are the first words that are not options or option values.
  local i command="" sub="" positional=0
  _illctl_db="" _illctl_config=""
  for ((i = 1; i < cword; i++)); do
    case ${words[i]} in
      --db) _illctl_db=${words[i + 1]}; ((i++)) ;;
      --config|-c) _illctl_config=${words[i + 1]}; ((i++)) ;;
      --log-level|--host|--user|--password-file|--transport|--tls-verify|--ca|--ca-file|--router|\
      --client|--link|--interface|--ping|--count|--timeout|--port|--mbps|--probe|--start|--end|\
      --duration|--reason|--email|--timezone|--whatsapp|--month|--interval) ((i++)) ;;
      -*) ;;
      *) if [[ -z $command ]]; then command=${words[i]}
         elif [[ -z $sub ]]; then sub=${words[i]}
         else ((positional++)); fi ;;
    esac
  done

  local commands="config init router client link user maintenance import poll history sla outage status report"
  if [[ -z $command ]]; then
    COMPREPLY=($(compgen -W "$commands $global_opts" -- "$cur"))
    return
  fi
  case $command in
    config) [[ -z $sub ]] && COMPREPLY=($(compgen -W "show check" -- "$cur")) ;;
    router|client|link)
      local subs="add list show edit rm"
      [[ $command == router ]] && subs+=" test"
      if [[ -z $sub ]]; then
        COMPREPLY=($(compgen -W "$subs" -- "$cur"))
      elif [[ $cur != -* && $sub != add && $sub != list && $positional -eq 0 ]]; then
        COMPREPLY=($(compgen -W "$(_illctl_names "$command")" -- "$cur"))
      fi ;;
    user) [[ -z $sub ]] && COMPREPLY=($(compgen -W "add list passwd disable enable rm" -- "$cur")) ;;
    maintenance) [[ -z $sub ]] && COMPREPLY=($(compgen -W "add list rm" -- "$cur")) ;;
    import) [[ $cur == -* ]] && COMPREPLY=($(compgen -W "--dry-run --password-stdin --password-file" -- "$cur")) || _filedir csv ;;
    poll)
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--host --user --password-stdin --password-file --transport --tls-verify --ca
                                 --interface --ping --count --timeout --json" -- "$cur"))
      elif [[ -z $sub ]]; then
        COMPREPLY=($(compgen -W "$(_illctl_names router)" -- "$cur"))
      fi ;;
    history)
      if [[ -z $sub ]]; then COMPREPLY=($(compgen -W "import --help" -- "$cur"))
      elif [[ $prev == --link ]]; then COMPREPLY=($(compgen -W "$(illctl link list --names 2>/dev/null)" -- "$cur"))
      elif [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "--link --interval --dry-run --json --help" -- "$cur"))
      else _filedir csv; fi ;;
    sla)
      if [[ -z $sub ]]; then COMPREPLY=($(compgen -W "calculate show policy --help" -- "$cur"))
      elif [[ $prev == --month ]]; then COMPREPLY=($(compgen -W "last this" -- "$cur"))
      elif [[ $prev == --link ]]; then COMPREPLY=($(compgen -W "$(illctl link list --names 2>/dev/null)" -- "$cur"))
      else COMPREPLY=($(compgen -W "--month --link --client --all --json --help" -- "$cur")); fi ;;
    status) COMPREPLY=($(compgen -W "--check --json --help" -- "$cur")) ;;
    report)
      if [[ -z $sub && $cur != -* ]]; then COMPREPLY=($(compgen -W "list" -- "$cur"))
      elif [[ $prev == --month ]]; then COMPREPLY=($(compgen -W "last this" -- "$cur"))
      elif [[ $prev == --link ]]; then COMPREPLY=($(compgen -W "$(illctl link list --names 2>/dev/null)" -- "$cur"))
      elif [[ $prev == --client ]]; then COMPREPLY=($(compgen -W "$(illctl client list --names 2>/dev/null)" -- "$cur"))
      elif [[ $prev == --format ]]; then COMPREPLY=($(compgen -W "pdf csv json" -- "$cur"))
      elif [[ $prev == --output ]]; then _filedir
      else COMPREPLY=($(compgen -W "--month --link --client --all --format --output --dry-run --json --help" -- "$cur")); fi ;;
    outage)
      if [[ -z $sub ]]; then COMPREPLY=($(compgen -W "list annotate audit --help" -- "$cur"))
      elif [[ $prev == --cause ]]; then COMPREPLY=($(compgen -W "provider customer planned power monitoring" -- "$cur"))
      elif [[ $prev == --link ]]; then COMPREPLY=($(compgen -W "$(illctl link list --names 2>/dev/null)" -- "$cur"))
      else COMPREPLY=($(compgen -W "--link --month --start --cause --note --by --json --help" -- "$cur")); fi ;;
  esac
  [[ $cur == -* && ${#COMPREPLY[@]} -eq 0 ]] && COMPREPLY=($(compgen -W "--json --help" -- "$cur"))
}
complete -F _illctl illctl
