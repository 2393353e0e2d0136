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
      COMPREPLY=($(compgen -W "config $global_opts" -- "$cur")) ;;
    config)
      [[ -z $sub ]] && COMPREPLY=($(compgen -W "show check --help" -- "$cur")) \
                    || COMPREPLY=($(compgen -W "--json --help" -- "$cur")) ;;
  esac
}
complete -F _illctl illctl
