# RouterOS commands that prepare a MikroTik router for ill (RouterOS 7; RouterOS 6.43 and later
# take the same commands). Paste them into a terminal on the router, or upload this file and run
# `/import file-name=routeros-api-user.rsc`. Replace the addresses and the password first:
#   203.0.113.10  the ill server (illd and illctl) as the router sees it
#   198.51.100.1  this router's address that ill connects to (goes in its certificate)
#
# What ill needs: a user that can log in over the API and read, and ping the links' probe
# targets. Nothing it does changes the router's configuration, so the user gets no write rights.
# `illctl router test ROUTER` checks the rights afterwards and warns about anything beyond these.

# 1. A group with only what ill uses: api (log in over the API), read (print interfaces,
#    resources, traffic counters) and test (run /ping for the probe targets).
/user group add name=ill-monitor policy=api,read,test,!local,!telnet,!ssh,!ftp,!reboot,!write,!policy,!winbox,!password,!web,!sniff,!sensitive,!romon comment="ill: read-only API"

# 2. The user, allowed to log in only from the ill server.
/user add name=ill group=ill-monitor address=203.0.113.10/32 password="CHANGE-ME-long-random" comment="ill monitoring"

# 3. A certificate for api-ssl. A self-signed CA made on the router is enough when ill is told
#    to trust it (--tls-verify full --ca-file with the exported CA); a certificate from your own
#    CA is better. Signing takes a few seconds per certificate.
/certificate add name=ill-ca common-name=ill-ca key-usage=key-cert-sign,crl-sign days-valid=3650
/certificate sign ill-ca
/certificate add name=ill-api common-name=198.51.100.1 subject-alt-name=IP:198.51.100.1 days-valid=825
/certificate sign ill-api ca=ill-ca
# Export the CA (no private key) and copy ill-ca.crt to the ill server, e.g. /etc/ill/ca/:
/certificate export-certificate ill-ca file-name=ill-ca

# 4. api-ssl on with that certificate, answering only the ill server; the plain api service off
#    (it would carry the password in clear).
/ip service set api-ssl certificate=ill-api address=203.0.113.10/32 disabled=no
/ip service set api disabled=yes

# 5. The firewall agrees: the API port only from the ill server. The accept rule must come
#    before any rule that drops input; move it with `place-before` if the chain has rules already.
/ip firewall filter add chain=input protocol=tcp dst-port=8729 src-address=203.0.113.10 action=accept comment="ill: api-ssl from the ill server"
/ip firewall filter add chain=input protocol=tcp dst-port=8728,8729 action=drop comment="ill: no API from anywhere else"

# On the ill server, add the router and check the rights:
#   illctl router add edge1 --host 198.51.100.1 --transport api-ssl --user ill \
#       --tls-verify full --ca-file /etc/ill/ca/ill-ca.crt
#   illctl router test edge1
