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

complete -c illctl -n __fish_use_subcommand -a history -d "Import a link's past polls"
complete -c illctl -n '__fish_seen_subcommand_from history; and not __fish_seen_subcommand_from import' -a import -d 'Import samples from a CSV file'
complete -c illctl -n '__fish_seen_subcommand_from history' -l link -x -d 'Link name or id'
complete -c illctl -n '__fish_seen_subcommand_from history' -l interval -x -d 'Poll interval of the data, seconds'
complete -c illctl -n '__fish_seen_subcommand_from history' -l dry-run -d 'Check the file and write nothing'
complete -c illctl -n '__fish_seen_subcommand_from history' -F
complete -c illctl -n __fish_use_subcommand -a sla -d 'Calculate or show monthly SLA figures'
complete -c illctl -n '__fish_seen_subcommand_from sla; and not __fish_seen_subcommand_from calculate show policy' -a calculate -d 'Compute and store a month'
complete -c illctl -n '__fish_seen_subcommand_from sla; and not __fish_seen_subcommand_from calculate show policy' -a show -d 'Print stored figures'
complete -c illctl -n '__fish_seen_subcommand_from sla' -l month -x -a 'last this' -d 'YYYY-MM, last or this'
complete -c illctl -n '__fish_seen_subcommand_from sla' -l link -x -d 'Only this link'
complete -c illctl -n '__fish_seen_subcommand_from sla' -l client -x -d "Only this client's links"
complete -c illctl -n '__fish_seen_subcommand_from sla' -l all -d 'Every link'
complete -c illctl -n '__fish_seen_subcommand_from sla; and not __fish_seen_subcommand_from calculate show policy' -a policy -d "Print a link's effective policy"
complete -c illctl -n __fish_use_subcommand -a outage -d "List and annotate a link's outages"
complete -c illctl -n '__fish_seen_subcommand_from outage; and not __fish_seen_subcommand_from list annotate audit' -a 'list annotate audit'
complete -c illctl -n '__fish_seen_subcommand_from outage' -l link -x -d 'Link name or id'
complete -c illctl -n '__fish_seen_subcommand_from outage' -l month -x -a 'last this' -d 'YYYY-MM, last or this'
complete -c illctl -n '__fish_seen_subcommand_from outage' -l start -x -d "The outage's start"
complete -c illctl -n '__fish_seen_subcommand_from outage' -l cause -x -a 'provider customer planned power monitoring' -d 'Cause'
complete -c illctl -n '__fish_seen_subcommand_from outage' -l note -x -d 'Why'
complete -c illctl -n '__fish_seen_subcommand_from outage' -l by -x -d 'Who made the change'
