# bash completion for illctl                                    -*- shell-script -*-
# Commands and their subcommands; object names are asked of illctl itself as they arrive.

_illctl() {
  local cur prev words cword
  _init_completion || return

  local global_opts="--config --db --log-level --json --verbose --version --help"
  case $prev in
    --config|-c|--db) _filedir; return ;;
    --log-level) COMPREPLY=($(compgen -W "trace debug info warn error off" -- "$cur")); return ;;
  esac

  # The first word that is not an option (or an option's value) is the command.
  local i command="" sub=""
  for ((i = 1; i < cword; i++)); do
    case ${words[i]} in
      --config|-c|--db|--log-level) ((i++)) ;;
      -*) ;;
      *) if [[ -z $command ]]; then command=${words[i]}; elif [[ -z $sub ]]; then sub=${words[i]}; fi ;;
    esac
  done

  case $command in
    "")
      COMPREPLY=($(compgen -W "config history sla outage $global_opts" -- "$cur")) ;;
    config)
      [[ -z $sub ]] && COMPREPLY=($(compgen -W "show check --help" -- "$cur")) \
                    || COMPREPLY=($(compgen -W "--json --help" -- "$cur")) ;;
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
    outage)
      if [[ -z $sub ]]; then COMPREPLY=($(compgen -W "list annotate audit --help" -- "$cur"))
      elif [[ $prev == --cause ]]; then COMPREPLY=($(compgen -W "provider customer planned power monitoring" -- "$cur"))
      elif [[ $prev == --link ]]; then COMPREPLY=($(compgen -W "$(illctl link list --names 2>/dev/null)" -- "$cur"))
      else COMPREPLY=($(compgen -W "--link --month --start --cause --note --by --json --help" -- "$cur")); fi ;;
  esac
}
complete -F _illctl illctl
