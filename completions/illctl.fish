# fish completion for illctl. `__illctl_at PATH` is true when the command line so far is
# exactly `illctl PATH` (subcommands and arguments are offered there), `__illctl_in PATH` when it
# is inside PATH (its options are offered there); tests/docs/check_docs.py fails when a command
# or option of `illctl ... --help` is missing. Names of routers, clients and links are asked of
# illctl (`illctl router list --names`).

# The words of the command line that are not options or option values.
function __illctl_words
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l skip 0
    for t in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case --grafana-uid --label --limit --activated --active --by --ca --ca-file --cause --circuit --client --config --currency --db --duration --email --end --fee --host --interface --interval --latency --link --location --log-level --loss --mbps --month --note --password-file --ping --poll-interval --port --probe --reason --ref --rename --router --sla-business-hours --sla-counted-causes --sla-credit --sla-excluded-time --sla-merge-gap --sla-min-outage --sla-percentile --sla-unknown --ssh-jump-host --ssh-key-file --ssh-passphrase-file --ssh-port --ssh-user --start --timeout --timezone --tls-verify --transport --uptime --user --whatsapp -c
                set skip 1
            case '-*'
            case '*'
                echo $t
        end
    end
end

function __illctl_at
    set -l words (__illctl_words)
    test "$words" = "$argv"
end

function __illctl_in
    set -l words (__illctl_words)
    test (count $words) -ge (count $argv); or return 1
    for i in (seq (count $argv))
        test "$words[$i]" = "$argv[$i]"; or return 1
    end
end

function __illctl_names
    set -l words (commandline -opc)
    set -l args
    if set -l i (contains -i -- --db $words)
        set args $args --db $words[(math $i + 1)]
    end
    if set -l i (contains -i -- --config $words)
        set args $args --config $words[(math $i + 1)]
    end
    illctl $args $argv[1] list --names 2>/dev/null
end

complete -c illctl -f

# Global options
complete -c illctl -l version -d 'Print the version and git commit, then exit'
complete -c illctl -s c -r -F -d 'Configuration file (TOML)'
complete -c illctl -l config -r -F -d 'Configuration file (TOML)'
complete -c illctl -l db -r -F -d 'SQLite database'
complete -c illctl -l log-level -x -a 'trace debug info warn error off' -d 'Least severe log messages shown: trace, debug, info, warn, error, off'
complete -c illctl -l json -d 'Print JSON on stdout instead of tables'
complete -c illctl -s v -d 'Log debug messages on stderr'
complete -c illctl -l verbose -d 'Log debug messages on stderr'

# illctl
complete -c illctl -n '__illctl_at' -a config -d 'Show or check the effective configuration'
complete -c illctl -n '__illctl_at' -a init -d 'Create the database and the key that encrypts router passwords (--db PATH)'
complete -c illctl -n '__illctl_at' -a db -d 'Maintain the database file'
complete -c illctl -n '__illctl_at' -a router -d 'Add, list, show, edit and remove routers'
complete -c illctl -n '__illctl_at' -a client -d 'Add, list, show, edit, disable and remove clients'
complete -c illctl -n '__illctl_at' -a link -d 'Add, list, show, edit and remove links'
complete -c illctl -n '__illctl_at' -a user -d 'Manage portal users (each sees one client\'s links)'
complete -c illctl -n '__illctl_at' -a maintenance -d 'Planned maintenance windows, excluded from downtime'
complete -c illctl -n '__illctl_at' -a import -d 'Import routers, clients and links from a CSV file (see examples/inventory.csv)'
complete -c illctl -n '__illctl_at' -a poll -d 'Poll one router now: identity, resources, interfaces, current rates, ping'
complete -c illctl -n '__illctl_at' -a history -d 'A link\'s past polls, from other tools'
complete -c illctl -n '__illctl_at' -a sla -d 'Monthly SLA figures, breaches and credits'
complete -c illctl -n '__illctl_at' -a outage -d 'A link\'s outages and their causes'
complete -c illctl -n '__illctl_at' -a status -d 'What illd sees now: the daemon, routers by status, links down and since when'
complete -c illctl -n '__illctl_at' -a secret -d 'Secrets of the delivery channels, encrypted with the key file'
complete -c illctl -n '__illctl_at' -a alert -d 'illd\'s alerts and their deliveries'
complete -c illctl -n '__illctl_at' -a report -d 'Monthly SLA reports as PDF, CSV or JSON files'

# illctl client
complete -c illctl -n '__illctl_at client' -a add -d 'Add a client'
complete -c illctl -n '__illctl_at client' -a list -d 'List clients'
complete -c illctl -n '__illctl_at client' -a show -d 'Show one client and its links'
complete -c illctl -n '__illctl_at client' -a edit -d 'Change a client'
complete -c illctl -n '__illctl_at client' -a disable -d 'Refuse the client\'s portal users and API tokens at once'
complete -c illctl -n '__illctl_at client' -a enable -d 'Give a disabled client\'s users access again'
complete -c illctl -n '__illctl_at client' -a rm -d 'Remove a client and its portal users'

# illctl client add
complete -c illctl -n '__illctl_in client add' -l email -x -d 'Report e-mail address (repeat for several)'
complete -c illctl -n '__illctl_in client add' -l whatsapp -x -d 'WhatsApp number in E.164 form, e.g'
complete -c illctl -n '__illctl_in client add' -l timezone -x -d 'IANA time zone of the reports (default UTC)'

# illctl client edit
complete -c illctl -n '__illctl_in client edit' -l rename -x -d 'New name'
complete -c illctl -n '__illctl_in client edit' -l email -x -d 'Report e-mail address (repeat for several)'
complete -c illctl -n '__illctl_in client edit' -l whatsapp -x -d 'WhatsApp number in E.164 form, e.g'
complete -c illctl -n '__illctl_in client edit' -l timezone -x -d 'IANA time zone of the reports (default UTC)'
complete -c illctl -n '__illctl_at client edit' -a '(__illctl_names client)'

# illctl client list
complete -c illctl -n '__illctl_in client list' -l names -d 'Print only the names, one per line'

# illctl client rm
complete -c illctl -n '__illctl_in client rm' -l force -d 'Also remove its links, with their history'
complete -c illctl -n '__illctl_at client rm' -a '(__illctl_names client)'

# illctl client show
complete -c illctl -n '__illctl_at client show' -a '(__illctl_names client)'

# illctl client disable, enable
complete -c illctl -n '__illctl_at client disable' -a '(__illctl_names client)'
complete -c illctl -n '__illctl_at client enable' -a '(__illctl_names client)'

# illctl config
complete -c illctl -n '__illctl_at config' -a show -d 'Print every configuration key, its value and where it came from'
complete -c illctl -n '__illctl_at config' -a check -d 'Validate the configuration and exit 0 when it is good'

# illctl config check

# illctl config show

# illctl history
complete -c illctl -n '__illctl_at history' -a import -d 'Import a link\'s samples from a CSV file (see examples/history.csv)'

# illctl history import
complete -c illctl -n '__illctl_in history import' -l link -x -a '(__illctl_names link)' -d 'Link name or id'
complete -c illctl -n '__illctl_in history import' -l interval -x -d 'Poll interval of the data in seconds (default: the router\'s, or poll.interval_s)'
complete -c illctl -n '__illctl_in history import' -l dry-run -d 'Check the file and write nothing'
complete -c illctl -n '__illctl_in history import' -F

# illctl import
complete -c illctl -n '__illctl_in import' -l dry-run -d 'Show what would change and write nothing'
complete -c illctl -n '__illctl_in import' -l password-stdin -d 'Read the password for the routers in the file from standard input (one line)'
complete -c illctl -n '__illctl_in import' -l password-file -r -F -d 'Read the password for the routers in the file from the first line of this file'
complete -c illctl -n '__illctl_in import' -F

# illctl init

# illctl db
complete -c illctl -n '__illctl_at db' -a compact -d 'Rewrite the database with each link\'s rows together and no free pages'

# illctl db compact

# illctl link
complete -c illctl -n '__illctl_at link' -a add -d 'Add a link'
complete -c illctl -n '__illctl_at link' -a list -d 'List links'
complete -c illctl -n '__illctl_at link' -a show -d 'Show one link'
complete -c illctl -n '__illctl_at link' -a edit -d 'Change a link'
complete -c illctl -n '__illctl_at link' -a rm -d 'Remove a link with its samples and history'

# illctl link add
complete -c illctl -n '__illctl_in link add' -l client -x -a '(__illctl_names client)' -d 'Client name or id'
complete -c illctl -n '__illctl_in link add' -l router -x -a '(__illctl_names router)' -d 'Router name or id'
complete -c illctl -n '__illctl_in link add' -l interface -x -d 'RouterOS interface name, unique per router'
complete -c illctl -n '__illctl_in link add' -l mbps -x -d 'Committed speed in Mbit/s, above 0'
complete -c illctl -n '__illctl_in link add' -l uptime -x -d 'Committed uptime % (default 99.50)'
complete -c illctl -n '__illctl_in link add' -l latency -x -d 'Committed latency ms (default 50)'
complete -c illctl -n '__illctl_in link add' -l loss -x -d 'Committed loss % (default 1.00)'
complete -c illctl -n '__illctl_in link add' -l probe -x -d 'Address the router pings for latency and loss'
complete -c illctl -n '__illctl_in link add' -l circuit -x -d 'Carrier circuit id'
complete -c illctl -n '__illctl_in link add' -l ref -x -d 'External reference: order or deliverable id'
complete -c illctl -n '__illctl_in link add' -l fee -x -d 'Monthly fee, 0 or more'
complete -c illctl -n '__illctl_in link add' -l currency -x -d 'ISO 4217 currency of the fee (default USD)'
complete -c illctl -n '__illctl_in link add' -l activated -x -d 'Activation date, YYYY-MM-DD'
complete -c illctl -n '__illctl_in link add' -l active -x -a 'yes no' -d 'yes or no: whether illd monitors the link'
complete -c illctl -n '__illctl_in link add' -l sla-excluded-time -x -a 'available removed' -d 'available or removed (\'\' for the configured default)'
complete -c illctl -n '__illctl_in link add' -l sla-unknown -x -a 'not_down down excluded' -d 'not_down, down or excluded (\'\' for the configured default)'
complete -c illctl -n '__illctl_in link add' -l sla-merge-gap -x -d 'Seconds; outages this close merge'
complete -c illctl -n '__illctl_in link add' -l sla-min-outage -x -d 'Seconds; shorter outages not counted'
complete -c illctl -n '__illctl_in link add' -l sla-percentile -x -a 'nearest_rank interpolated' -d 'nearest_rank or interpolated'
complete -c illctl -n '__illctl_in link add' -l sla-credit -x -d 'Credit model as JSON (\'\' for the default)'
complete -c illctl -n '__illctl_in link add' -l sla-business-hours -x -d 'Schedule as JSON'
complete -c illctl -n '__illctl_in link add' -l sla-counted-causes -x -d 'Outage causes that count, comma-separated'

# illctl link edit
complete -c illctl -n '__illctl_in link edit' -l rename -x -d 'New name'
complete -c illctl -n '__illctl_in link edit' -l client -x -a '(__illctl_names client)' -d 'Client name or id'
complete -c illctl -n '__illctl_in link edit' -l router -x -a '(__illctl_names router)' -d 'Router name or id'
complete -c illctl -n '__illctl_in link edit' -l interface -x -d 'RouterOS interface name, unique per router'
complete -c illctl -n '__illctl_in link edit' -l mbps -x -d 'Committed speed in Mbit/s, above 0'
complete -c illctl -n '__illctl_in link edit' -l uptime -x -d 'Committed uptime % (default 99.50)'
complete -c illctl -n '__illctl_in link edit' -l latency -x -d 'Committed latency ms (default 50)'
complete -c illctl -n '__illctl_in link edit' -l loss -x -d 'Committed loss % (default 1.00)'
complete -c illctl -n '__illctl_in link edit' -l probe -x -d 'Address the router pings for latency and loss'
complete -c illctl -n '__illctl_in link edit' -l circuit -x -d 'Carrier circuit id'
complete -c illctl -n '__illctl_in link edit' -l ref -x -d 'External reference: order or deliverable id'
complete -c illctl -n '__illctl_in link edit' -l fee -x -d 'Monthly fee, 0 or more'
complete -c illctl -n '__illctl_in link edit' -l currency -x -d 'ISO 4217 currency of the fee (default USD)'
complete -c illctl -n '__illctl_in link edit' -l activated -x -d 'Activation date, YYYY-MM-DD'
complete -c illctl -n '__illctl_in link edit' -l active -x -a 'yes no' -d 'yes or no: whether illd monitors the link'
complete -c illctl -n '__illctl_in link edit' -l sla-excluded-time -x -a 'available removed' -d 'available or removed (\'\' for the configured default)'
complete -c illctl -n '__illctl_in link edit' -l sla-unknown -x -a 'not_down down excluded' -d 'not_down, down or excluded (\'\' for the configured default)'
complete -c illctl -n '__illctl_in link edit' -l sla-merge-gap -x -d 'Seconds; outages this close merge'
complete -c illctl -n '__illctl_in link edit' -l sla-min-outage -x -d 'Seconds; shorter outages not counted'
complete -c illctl -n '__illctl_in link edit' -l sla-percentile -x -a 'nearest_rank interpolated' -d 'nearest_rank or interpolated'
complete -c illctl -n '__illctl_in link edit' -l sla-credit -x -d 'Credit model as JSON (\'\' for the default)'
complete -c illctl -n '__illctl_in link edit' -l sla-business-hours -x -d 'Schedule as JSON'
complete -c illctl -n '__illctl_in link edit' -l sla-counted-causes -x -d 'Outage causes that count, comma-separated'
complete -c illctl -n '__illctl_at link edit' -a '(__illctl_names link)'

# illctl link list
complete -c illctl -n '__illctl_in link list' -l client -x -a '(__illctl_names client)' -d 'Only this client\'s links'
complete -c illctl -n '__illctl_in link list' -l router -x -a '(__illctl_names router)' -d 'Only this router\'s links'
complete -c illctl -n '__illctl_in link list' -l names -d 'Print only the names, one per line'

# illctl link rm
complete -c illctl -n '__illctl_at link rm' -a '(__illctl_names link)'

# illctl link show
complete -c illctl -n '__illctl_at link show' -a '(__illctl_names link)'

# illctl maintenance
complete -c illctl -n '__illctl_at maintenance' -a add -d 'Add a window for a link, a router or all'
complete -c illctl -n '__illctl_at maintenance' -a list -d 'List maintenance windows'
complete -c illctl -n '__illctl_at maintenance' -a rm -d 'Remove a maintenance window'

# illctl maintenance add
complete -c illctl -n '__illctl_in maintenance add' -l link -x -a '(__illctl_names link)' -d 'Link name or id'
complete -c illctl -n '__illctl_in maintenance add' -l router -x -a '(__illctl_names router)' -d 'Router name or id (all its links)'
complete -c illctl -n '__illctl_in maintenance add' -l all -d 'Every link'
complete -c illctl -n '__illctl_in maintenance add' -l start -x -d 'Start, RFC 3339 (2024-05-01T02:00:00Z, 2024-05-01T02:00-03:00) or \'YYYY-MM-DD HH:MM\' in UTC'
complete -c illctl -n '__illctl_in maintenance add' -l end -x -d 'End, same forms as --start'
complete -c illctl -n '__illctl_in maintenance add' -l duration -x -d 'Length instead of --end: 90m, 2h, 1d'
complete -c illctl -n '__illctl_in maintenance add' -l reason -x -d 'Why (shown in reports)'

# illctl maintenance list

# illctl maintenance rm

# illctl outage
complete -c illctl -n '__illctl_at outage' -a list -d 'A link\'s outages in a month (default this)'
complete -c illctl -n '__illctl_at outage' -a annotate -d 'Set the cause of an outage (recorded in the audit trail)'
complete -c illctl -n '__illctl_at outage' -a audit -d 'Every change of an outage\'s cause and note'

# illctl outage annotate
complete -c illctl -n '__illctl_in outage annotate' -l link -x -a '(__illctl_names link)' -d 'Link name or id'
complete -c illctl -n '__illctl_in outage annotate' -l start -x -d 'The outage\'s start, as outage list shows it'
complete -c illctl -n '__illctl_in outage annotate' -l cause -x -a 'provider customer planned power monitoring' -d 'provider, customer, planned, power or monitoring'
complete -c illctl -n '__illctl_in outage annotate' -l note -x -d 'Why'
complete -c illctl -n '__illctl_in outage annotate' -l by -x -d 'Who made the change (default $USER)'

# illctl outage audit
complete -c illctl -n '__illctl_in outage audit' -l link -x -a '(__illctl_names link)' -d 'Link name or id'
complete -c illctl -n '__illctl_in outage audit' -l start -x -d 'The outage\'s start'

# illctl outage list
complete -c illctl -n '__illctl_in outage list' -l link -x -a '(__illctl_names link)' -d 'Link name or id'
complete -c illctl -n '__illctl_in outage list' -l month -x -a 'last this' -d 'YYYY-MM, last or this'

# illctl poll
complete -c illctl -n '__illctl_in poll' -l host -x -d 'Poll this router instead: HOST, HOST:PORT or [IPv6]:PORT'
complete -c illctl -n '__illctl_in poll' -l user -x -d 'API user (with --host)'
complete -c illctl -n '__illctl_in poll' -l password-stdin -d 'Read the router password from standard input (one line)'
complete -c illctl -n '__illctl_in poll' -l password-file -r -F -d 'Read the router password from the first line of this file'
complete -c illctl -n '__illctl_in poll' -l transport -x -a 'api api-ssl rest ssh' -d 'api (8728) or api-ssl (8729), with --host'
complete -c illctl -n '__illctl_in poll' -l tls-verify -x -a 'full none adh' -d 'full (certificate and name), none (any certificate), adh (anonymous DH: no certificate at all)'
complete -c illctl -n '__illctl_in poll' -l ca -r -F -d 'PEM file of CA certificates to trust (with --tls-verify full)'
complete -c illctl -n '__illctl_in poll' -l interface -x -d 'Only this interface (repeatable); default: all, or the router\'s links'
complete -c illctl -n '__illctl_in poll' -l ping -x -d 'Have the router ping this address'
complete -c illctl -n '__illctl_in poll' -l count -d 'Pings to send'
complete -c illctl -n '__illctl_in poll' -l timeout -x -d 'Seconds to connect, log in and answer (default: poll.timeout_s)'
complete -c illctl -n '__illctl_at poll' -a '(__illctl_names router)'

# illctl router
complete -c illctl -n '__illctl_at router' -a add -d 'Add a router (password from a prompt, --password-stdin or --password-file)'
complete -c illctl -n '__illctl_at router' -a list -d 'List routers'
complete -c illctl -n '__illctl_at router' -a show -d 'Show one router (name or id)'
complete -c illctl -n '__illctl_at router' -a edit -d 'Change a router\'s settings or password'
complete -c illctl -n '__illctl_at router' -a rm -d 'Remove a router'
complete -c illctl -n '__illctl_at router' -a test -d 'Log in and report identity, version, interfaces and the API user\'s rights'
complete -c illctl -n '__illctl_at router' -a trust -d 'Show an ssh router\'s host key fingerprint and record it in known_hosts'

# illctl router add
complete -c illctl -n '__illctl_in router add' -l host -x -d 'Management address: host name, IPv4 or IPv6'
complete -c illctl -n '__illctl_in router add' -l port -x -d 'API port (default by transport: 8728, 8729, 443; ssh: 8728, reached through the tunnel)'
complete -c illctl -n '__illctl_in router add' -l transport -x -a 'api api-ssl rest ssh' -d 'api, api-ssl, rest or ssh (default api)'
complete -c illctl -n '__illctl_in router add' -l user -x -d 'RouterOS user (a read-only API group is recommended)'
complete -c illctl -n '__illctl_in router add' -l tls-verify -x -a 'full none adh' -d 'full, none or adh (default full)'
complete -c illctl -n '__illctl_in router add' -l ca-file -r -F -d 'CA bundle for a private CA'
complete -c illctl -n '__illctl_in router add' -l ssh-key-file -r -F -d 'Private key (ed25519 or ECDSA) for the ssh transport; none: the password'
complete -c illctl -n '__illctl_in router add' -l ssh-jump-host -x -d 'SSH jump host [user@]host[:port]; the tunnel then leads to --host:--port'
complete -c illctl -n '__illctl_in router add' -l ssh-port -x -d 'The router\'s SSH port (default 22)'
complete -c illctl -n '__illctl_in router add' -l ssh-user -x -d 'SSH user, when not the RouterOS user'
complete -c illctl -n '__illctl_in router add' -l ssh-passphrase-file -r -F -d 'File holding the passphrase of --ssh-key-file (stored encrypted; \'\' removes)'
complete -c illctl -n '__illctl_in router add' -l location -x -d 'Where the router is'
complete -c illctl -n '__illctl_in router add' -l poll-interval -x -d 'Seconds between polls, 10-300, or \'default\' for the daemon\'s'
complete -c illctl -n '__illctl_in router add' -l active -x -a 'yes no' -d 'yes or no: whether illd polls the router'
complete -c illctl -n '__illctl_in router add' -l password-stdin -d 'Read the router password (also for SSH password login) from standard input (one line)'
complete -c illctl -n '__illctl_in router add' -l password-file -r -F -d 'Read the router password (also for SSH password login) from the first line of this file'

# illctl router edit
complete -c illctl -n '__illctl_in router edit' -l rename -x -d 'New name'
complete -c illctl -n '__illctl_in router edit' -l host -x -d 'Management address: host name, IPv4 or IPv6'
complete -c illctl -n '__illctl_in router edit' -l port -x -d 'API port (default by transport: 8728, 8729, 443; ssh: 8728, reached through the tunnel)'
complete -c illctl -n '__illctl_in router edit' -l transport -x -a 'api api-ssl rest ssh' -d 'api, api-ssl, rest or ssh (default api)'
complete -c illctl -n '__illctl_in router edit' -l user -x -d 'RouterOS user (a read-only API group is recommended)'
complete -c illctl -n '__illctl_in router edit' -l tls-verify -x -a 'full none adh' -d 'full, none or adh (default full)'
complete -c illctl -n '__illctl_in router edit' -l ca-file -r -F -d 'CA bundle for a private CA'
complete -c illctl -n '__illctl_in router edit' -l ssh-key-file -r -F -d 'Private key (ed25519 or ECDSA) for the ssh transport; none: the password'
complete -c illctl -n '__illctl_in router edit' -l ssh-jump-host -x -d 'SSH jump host [user@]host[:port]; the tunnel then leads to --host:--port'
complete -c illctl -n '__illctl_in router edit' -l ssh-port -x -d 'The router\'s SSH port (default 22)'
complete -c illctl -n '__illctl_in router edit' -l ssh-user -x -d 'SSH user, when not the RouterOS user'
complete -c illctl -n '__illctl_in router edit' -l ssh-passphrase-file -r -F -d 'File holding the passphrase of --ssh-key-file (stored encrypted; \'\' removes)'
complete -c illctl -n '__illctl_in router edit' -l location -x -d 'Where the router is'
complete -c illctl -n '__illctl_in router edit' -l poll-interval -x -d 'Seconds between polls, 10-300, or \'default\' for the daemon\'s'
complete -c illctl -n '__illctl_in router edit' -l active -x -a 'yes no' -d 'yes or no: whether illd polls the router'
complete -c illctl -n '__illctl_in router edit' -l password-stdin -d 'Read the new router password from standard input (one line)'
complete -c illctl -n '__illctl_in router edit' -l password-file -r -F -d 'Read the new router password from the first line of this file'
complete -c illctl -n '__illctl_in router edit' -l password-prompt -d 'Ask for a new password on the terminal, without echo'
complete -c illctl -n '__illctl_at router edit' -a '(__illctl_names router)'

# illctl router trust
complete -c illctl -n '__illctl_in router trust' -l yes -d 'Record without asking (scripts)'
complete -c illctl -n '__illctl_in router trust' -l replace -d 'Replace a different key recorded for the host'
complete -c illctl -n '__illctl_at router trust' -a '(__illctl_names router)'

# illctl router list
complete -c illctl -n '__illctl_in router list' -l names -d 'Print only the names, one per line'

# illctl router rm
complete -c illctl -n '__illctl_in router rm' -l force -d 'Also remove its links, with their history'
complete -c illctl -n '__illctl_at router rm' -a '(__illctl_names router)'

# illctl router show
complete -c illctl -n '__illctl_at router show' -a '(__illctl_names router)'

# illctl router test
complete -c illctl -n '__illctl_at router test' -a '(__illctl_names router)'

# illctl sla
complete -c illctl -n '__illctl_at sla' -a calculate -d 'Compute and store the SLA figures of a month for the selected links'
complete -c illctl -n '__illctl_at sla' -a show -d 'Print stored SLA figures (every month without --month)'
complete -c illctl -n '__illctl_at sla' -a policy -d 'Print a link\'s effective SLA policy and where each value comes from'
complete -c illctl -n '__illctl_at sla' -a verify -d 'Recompute a stored month from the raw samples and compare every figure'

# illctl sla verify
complete -c illctl -n '__illctl_in sla verify' -l month -x -a 'last this' -d 'YYYY-MM, last or this'
complete -c illctl -n '__illctl_in sla verify' -l link -x -a '(__illctl_names link)' -d 'Only this link (name or id)'
complete -c illctl -n '__illctl_in sla verify' -l client -x -a '(__illctl_names client)' -d 'Only this client\'s links'
complete -c illctl -n '__illctl_in sla verify' -l all -d 'Every link (the default)'

# illctl sla calculate
complete -c illctl -n '__illctl_in sla calculate' -l month -x -a 'last this' -d 'YYYY-MM, last or this (default last)'
complete -c illctl -n '__illctl_in sla calculate' -l link -x -a '(__illctl_names link)' -d 'Only this link (name or id)'
complete -c illctl -n '__illctl_in sla calculate' -l client -x -a '(__illctl_names client)' -d 'Only this client\'s links'
complete -c illctl -n '__illctl_in sla calculate' -l all -d 'Every link (the default)'

# illctl sla policy
complete -c illctl -n '__illctl_at sla policy' -a '(__illctl_names link)'

# illctl sla show
complete -c illctl -n '__illctl_in sla show' -l month -x -a 'last this' -d 'YYYY-MM, last or this'
complete -c illctl -n '__illctl_in sla show' -l link -x -a '(__illctl_names link)' -d 'Only this link (name or id)'
complete -c illctl -n '__illctl_in sla show' -l client -x -a '(__illctl_names client)' -d 'Only this client\'s links'
complete -c illctl -n '__illctl_in sla show' -l all -d 'Every link (the default)'

# illctl status
complete -c illctl -n '__illctl_in status' -l check -d 'Exit 1 when something needs attention: illd not running or more than a poll interval behind, a router unreachable or auth-failed, a link down'

# illctl report
complete -c illctl -n '__illctl_at report' -a list -d 'The report history: every document generated'
complete -c illctl -n '__illctl_in report' -l month -x -a 'last this' -d 'YYYY-MM, last or this, in each client\'s time zone'
complete -c illctl -n '__illctl_in report' -l link -x -a '(__illctl_names link)' -d 'One link (name or id)'
complete -c illctl -n '__illctl_in report' -l client -x -a '(__illctl_names client)' -d 'Every link of a client (name or id)'
complete -c illctl -n '__illctl_in report' -l all -d 'Every client'
complete -c illctl -n '__illctl_in report' -l format -x -a 'pdf csv json' -d 'pdf (default), csv or json'
complete -c illctl -n '__illctl_in report' -l output -r -F -d 'Directory for the files, or the file for one document'
complete -c illctl -n '__illctl_in report' -l dry-run -d 'Build the documents, print what would be written or sent to whom'
complete -c illctl -n '__illctl_in report' -l email -d 'E-mail each client its PDF and CSV'
complete -c illctl -n '__illctl_in report' -l resend -d 'With --email, send again to recipients already sent'

# illctl user
complete -c illctl -n '__illctl_at user' -a add -d 'Add a portal user (password from a prompt, --password-stdin or --password-file)'
complete -c illctl -n '__illctl_at user' -a list -d 'List portal users'
complete -c illctl -n '__illctl_at user' -a passwd -d 'Set a portal user\'s password'
complete -c illctl -n '__illctl_at user' -a disable -d 'Stop a user from logging in'
complete -c illctl -n '__illctl_at user' -a enable -d 'Let a disabled user log in again'
complete -c illctl -n '__illctl_at user' -a rm -d 'Remove a portal user'
complete -c illctl -n '__illctl_at user' -a token -d 'API tokens of portal users (for /api/v1/)'
complete -c illctl -n '__illctl_at user' -a 2fa -d 'TOTP second factor of portal users'
complete -c illctl -n '__illctl_at user' -a log -d 'The portal\'s login log, newest first'

# illctl user add
complete -c illctl -n '__illctl_in user add' -l client -x -a '(__illctl_names client)' -d 'Client name or id the user belongs to'
complete -c illctl -n '__illctl_in user add' -l email -x -d 'The user\'s e-mail address (--invite mails it there)'
complete -c illctl -n '__illctl_in user add' -l invite -d 'Print (and with --email, e-mail) a one-time link that sets the password'
complete -c illctl -n '__illctl_in user add' -l password-stdin -d 'Read the portal password from standard input (one line)'
complete -c illctl -n '__illctl_in user add' -l password-file -r -F -d 'Read the portal password from the first line of this file'

# illctl user disable

# illctl user enable

# illctl user list
complete -c illctl -n '__illctl_in user list' -l client -x -a '(__illctl_names client)' -d 'Only this client\'s users'

# illctl user passwd
complete -c illctl -n '__illctl_in user passwd' -l password-stdin -d 'Read the new portal password from standard input (one line)'
complete -c illctl -n '__illctl_in user passwd' -l password-file -r -F -d 'Read the new portal password from the first line of this file'

# illctl user rm

# illctl secret
complete -c illctl -n '__illctl_at secret' -a set -d 'Store a secret (from a prompt without echo, --stdin or --file)'
complete -c illctl -n '__illctl_at secret' -a list -d 'Which secrets are set and where they come from'
complete -c illctl -n '__illctl_at secret' -a rm -d 'Remove a stored secret'

# illctl secret set
complete -c illctl -n '__illctl_in secret set' -a 'smtp.password webhook.secret whatsapp.token'
complete -c illctl -n '__illctl_in secret set' -l stdin -d 'Read the secret from standard input (one line)'
complete -c illctl -n '__illctl_in secret set' -l file -r -F -d 'Read the secret from the first line of this file'

# illctl secret rm
complete -c illctl -n '__illctl_in secret rm' -a 'smtp.password webhook.secret whatsapp.token'

# illctl alert
complete -c illctl -n '__illctl_at alert' -a list -d 'The alert outbox, newest first'

# illctl alert list
complete -c illctl -n '__illctl_in alert list' -l status -x -a 'pending sent failed' -d 'Only pending, sent or failed deliveries'
complete -c illctl -n '__illctl_in alert list' -l limit -x -d 'At most this many rows'
# illctl user log
complete -c illctl -n '__illctl_in user log' -l limit -x -d 'At most this many entries'

# illctl user token
# illctl user 2fa
complete -c illctl -n '__illctl_at user 2fa' -a enable -d 'Turn it on: prints the otpauth URI, its QR code and ten recovery codes, once'
complete -c illctl -n '__illctl_at user 2fa' -a disable -d 'Turn it off (the secret and recovery codes are deleted)'

complete -c illctl -n '__illctl_at user token' -a add -d 'Make an API token for a user and print it once'
complete -c illctl -n '__illctl_at user token' -a list -d 'List API tokens (never their secrets)'
complete -c illctl -n '__illctl_at user token' -a revoke -d 'Revoke an API token at once'

# illctl user token add
complete -c illctl -n '__illctl_in user token add' -l label -x -d 'What the token is for'

# illctl link add / edit: the portal's Grafana link
complete -c illctl -n '__illctl_in link add' -l grafana-uid -x -d 'UID of the link\'s Grafana dashboard'
complete -c illctl -n '__illctl_in link edit' -l grafana-uid -x -d 'UID of the link\'s Grafana dashboard'
