# fish completion for illctl; router, client and link names come from `illctl <kind> list --names`.
complete -c illctl -f
complete -c illctl -s c -l config -r -F -d 'Configuration file'
complete -c illctl -l db -r -F -d 'SQLite database'
complete -c illctl -l log-level -x -a 'trace debug info warn error off' -d 'Least severe log messages shown'
complete -c illctl -l json -d 'Print JSON instead of tables'
complete -c illctl -s v -l verbose -d 'Log debug messages'
complete -c illctl -l version -d 'Print the version and exit'

set -l commands config init router client link user maintenance import poll history sla outage status secret alert
complete -c illctl -n "not __fish_seen_subcommand_from $commands" -a config -d 'Show or check the configuration'
complete -c illctl -n "not __fish_seen_subcommand_from $commands" -a init -d 'Create the database and key'
complete -c illctl -n "not __fish_seen_subcommand_from $commands" -a router -d 'Routers'
complete -c illctl -n "not __fish_seen_subcommand_from $commands" -a client -d 'Clients'
complete -c illctl -n "not __fish_seen_subcommand_from $commands" -a link -d 'Links (circuits)'
complete -c illctl -n "not __fish_seen_subcommand_from $commands" -a user -d 'Portal users'
complete -c illctl -n "not __fish_seen_subcommand_from $commands" -a maintenance -d 'Maintenance windows'
complete -c illctl -n "not __fish_seen_subcommand_from $commands" -a import -d 'Import a CSV inventory'
complete -c illctl -n "not __fish_seen_subcommand_from $commands" -a poll -d 'Poll one router now'
complete -c illctl -n "not __fish_seen_subcommand_from $commands" -a history -d "Import a link's past polls"
complete -c illctl -n "not __fish_seen_subcommand_from $commands" -a sla -d 'Calculate or show monthly SLA figures'

complete -c illctl -n '__fish_seen_subcommand_from config' -a 'show check'
complete -c illctl -n '__fish_seen_subcommand_from router' -a 'add list show edit rm test'
complete -c illctl -n '__fish_seen_subcommand_from client link' -a 'add list show edit rm'
complete -c illctl -n '__fish_seen_subcommand_from user' -a 'add list passwd disable enable rm'
complete -c illctl -n '__fish_seen_subcommand_from maintenance' -a 'add list rm'
complete -c illctl -n '__fish_seen_subcommand_from router poll' -a '(illctl router list --names 2>/dev/null)'
complete -c illctl -n '__fish_seen_subcommand_from link' -a '(illctl link list --names 2>/dev/null)'
complete -c illctl -n '__fish_seen_subcommand_from client' -a '(illctl client list --names 2>/dev/null)'
complete -c illctl -n '__fish_seen_subcommand_from import' -F
complete -c illctl -n '__fish_seen_subcommand_from poll' -l host -x -d 'Router address HOST[:PORT]'
complete -c illctl -n '__fish_seen_subcommand_from poll' -l user -x -d 'API user'
complete -c illctl -n '__fish_seen_subcommand_from poll' -l password-stdin -d 'Password on stdin'
complete -c illctl -n '__fish_seen_subcommand_from poll' -l password-file -r -F -d 'Password file'
complete -c illctl -n '__fish_seen_subcommand_from poll' -l transport -x -a 'api api-ssl'
complete -c illctl -n '__fish_seen_subcommand_from poll' -l tls-verify -x -a 'full none adh'
complete -c illctl -n '__fish_seen_subcommand_from poll' -l interface -x -d 'Interface name'
complete -c illctl -n '__fish_seen_subcommand_from poll' -l ping -x -d 'Address to ping'
complete -c illctl -n '__fish_seen_subcommand_from poll' -l count -x -d 'Pings to send'
complete -c illctl -n '__fish_seen_subcommand_from poll' -l timeout -x -d 'Seconds'
complete -c illctl -n '__fish_seen_subcommand_from history; and not __fish_seen_subcommand_from import' -a import -d 'Import samples from a CSV file'
complete -c illctl -n '__fish_seen_subcommand_from history' -l link -x -d 'Link name or id'
complete -c illctl -n '__fish_seen_subcommand_from history' -l interval -x -d 'Poll interval of the data, seconds'
complete -c illctl -n '__fish_seen_subcommand_from history' -l dry-run -d 'Check the file and write nothing'
complete -c illctl -n '__fish_seen_subcommand_from history' -F
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
complete -c illctl -n __fish_use_subcommand -a status -d 'What illd sees now: routers, links down, cycle lag'
complete -c illctl -n '__fish_seen_subcommand_from status' -l check -d 'Exit 1 when something needs attention'
complete -c illctl -n __fish_use_subcommand -a secret -d 'Secrets of the delivery channels: set, list, rm'
complete -c illctl -n '__fish_seen_subcommand_from secret; and not __fish_seen_subcommand_from set list rm' -a 'set list rm'
complete -c illctl -n '__fish_seen_subcommand_from secret; and __fish_seen_subcommand_from set rm' -a 'smtp.password webhook.secret whatsapp.token'
complete -c illctl -n '__fish_seen_subcommand_from secret; and __fish_seen_subcommand_from set' -l stdin -d 'Read the secret from standard input'
complete -c illctl -n '__fish_seen_subcommand_from secret; and __fish_seen_subcommand_from set' -l file -r -F -d 'Read the secret from a file'
complete -c illctl -n __fish_use_subcommand -a alert -d "illd's alert outbox"
complete -c illctl -n '__fish_seen_subcommand_from alert; and not __fish_seen_subcommand_from list' -a list
complete -c illctl -n '__fish_seen_subcommand_from alert' -l status -x -a 'pending sent failed' -d 'Only these deliveries'
complete -c illctl -n '__fish_seen_subcommand_from alert' -l limit -x -d 'At most this many rows'
