# fish completion for illctl
complete -c illctl -f
complete -c illctl -s c -l config -r -F -d 'Configuration file'
complete -c illctl -l db -r -F -d 'SQLite database'
complete -c illctl -l log-level -x -a 'trace debug info warn error off' -d 'Least severe log messages shown'
complete -c illctl -l json -d 'Print JSON instead of tables'
complete -c illctl -s v -l verbose -d 'Log debug messages'
complete -c illctl -l version -d 'Print the version and exit'

complete -c illctl -n __fish_use_subcommand -a config -d 'Show or check the effective configuration'
complete -c illctl -n '__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from show check' -a show -d 'Print every key, value and origin'
complete -c illctl -n '__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from show check' -a check -d 'Validate the configuration'
