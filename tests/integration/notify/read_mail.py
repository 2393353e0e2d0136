#!/usr/bin/python3
"""Parses a saved message with Python's email package and prints what the tests check, as JSON:
headers decoded (RFC 2047), the text body, and each attachment's type, disposition, file name
and bytes (as SHA-256 and size; with --save DIR the bytes are written there too)."""
import email, email.policy, hashlib, json, pathlib, sys

path = sys.argv[1]
save = pathlib.Path(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--save" else None
raw = pathlib.Path(path).read_bytes()
msg = email.message_from_bytes(raw, policy=email.policy.default)
out = {
    "subject": str(msg["Subject"]),
    "raw_subject": email.message_from_bytes(raw)["Subject"],  # as sent, still encoded
    "from": str(msg["From"]),
    "from_name": msg["From"].addresses[0].display_name,
    "from_address": msg["From"].addresses[0].addr_spec,
    "to": [a.addr_spec for a in msg["To"].addresses],
    "reply_to": str(msg["Reply-To"]) if msg["Reply-To"] else None,
    "message_id": str(msg["Message-ID"]) if msg["Message-ID"] else None,
    "date": str(msg["Date"]) if msg["Date"] else None,
    "content_type": msg.get_content_type(),
    "defects": [str(d) for d in msg.defects],
    "body": None,
    "attachments": [],
}
for part in msg.walk():
    if part.is_multipart():
        continue
    if part.get_content_disposition() == "attachment":
        data = part.get_payload(decode=True)
        name = part.get_filename()
        out["attachments"].append({
            "filename": name, "content_type": part.get_content_type(),
            "charset": part.get_content_charset(), "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "transfer_encoding": part.get("Content-Transfer-Encoding")})
        if save is not None:
            (save / name).write_bytes(data)
    elif out["body"] is None and part.get_content_type() == "text/plain":
        out["body"] = part.get_content()
print(json.dumps(out))
