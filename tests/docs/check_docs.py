#!/usr/bin/python3
"""Fails when the documentation or a shell completion misses something the programs have.

It asks the built programs what they offer, not a list kept here:
  - every `illctl [SUB [SUB ...]] --help`, walked recursively, gives the commands and options;
  - `illd --help` gives the daemon's options;
  - `illctl --json config show` gives every key of the configuration's key table.
Then it checks
  - illctl(1): every command has an entry (`.It Cm router add ...`), and every option of a command
    is named in the entries of its top-level command (global options anywhere in the page);
  - illd(8): every illd option; illd.conf(5): every key, as `.It Cm key` under `.Ss [section]`;
  - bash: the completion function, run in bash, offers every subcommand and option at its place;
  - zsh: a function `_illctl_cmd_<path>` per command names its subcommands and options;
  - fish: `complete` lines under `__illctl_at PATH` offer the subcommands and lines under
    `__illctl_in PATH` the options.
Every miss is printed as one line naming the file, the command and what is missing; exit 1.
"""
import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

HELP_OPTIONS = {"-h", "--help"}


def run(argv, env=None):
    return subprocess.run(argv, capture_output=True, text=True, env=env, check=False)


def parse_help(text):
    """Returns (options, subcommands) of one CLI11 help page: options as lists of names."""
    options, subcommands, section = [], [], None
    for line in text.splitlines():
        if line and not line.startswith(" "):
            section = line.rstrip(":").strip() if line.endswith(":") else None
            continue
        if not line.startswith("  ") or line.startswith("   "):
            continue  # continuation of a description
        first = line.split()[0]
        if section == "Options" and first.startswith("-"):
            options.append([n for n in first.split(",") if n.startswith("-")])
        elif section == "Subcommands":
            subcommands.append(first)
    return options, subcommands


def walk(program, env):
    """{path tuple: (options, subcommands)} for the program and every subcommand under it."""
    tree, todo = {}, [()]
    while todo:
        path = todo.pop()
        result = run([program, *path, "--help"], env)
        if result.returncode != 0:
            sys.exit(f"{program} {' '.join(path)} --help failed ({result.returncode}): "
                     f"{result.stderr.strip()}")
        options, subs = parse_help(result.stdout)
        tree[path] = (options, subs)
        todo.extend(path + (s,) for s in subs)
    return tree


def mandoc_text(page):
    result = run(["mandoc", "-Tutf8", "-Owidth=200", page])
    if result.returncode != 0:
        sys.exit(f"mandoc {page} failed: {result.stderr}")
    return re.sub(r".\x08", "", result.stdout)


def named(text, name):
    return re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text) is not None


def man_sections(text):
    sections, current = {}, None
    for line in text.splitlines():
        if re.match(r"^[A-Z][A-Z ]+$", line):
            current = line.strip()
            sections[current] = []
        elif current:
            sections[current].append(line)
    return sections


def man_entries(lines):
    """Splits a section of a rendered page into the entries of its outermost tag list."""
    body = [l for l in lines if l.strip()]
    if not body:
        return []
    indent = min(len(l) - len(l.lstrip()) for l in body)
    entries = []
    for line in body:
        if len(line) - len(line.lstrip()) == indent:
            entries.append([line.strip()])
        elif entries:
            entries[-1].append(line.strip())
    return entries


def head_groups(head):
    """'client list | show | rm client' -> [['client'], ['list', 'show', 'rm'], ['client']]."""
    groups, joining = [], False
    for token in head.split():
        if token == "|":
            joining = True
        elif joining and groups:
            groups[-1].append(token)
            joining = False
        else:
            groups.append([token])
    return groups


def check_illctl_man(tree, page, problems):
    text = mandoc_text(page)
    sections = man_sections(text)
    entries = man_entries(sections.get("COMMANDS", []))
    root_options, _ = tree[()]
    for names in root_options:
        for name in names:
            if name not in HELP_OPTIONS and not named(text, name):
                problems.append(f"{page}: global option {name} is not documented")
    for path, (options, _) in sorted(tree.items()):
        if not path:
            continue
        heads = [head_groups(e[0]) for e in entries]
        if not any(len(g) >= len(path) and all(w in g[i] for i, w in enumerate(path))
                   for g in heads):
            problems.append(f"{page}: command 'illctl {' '.join(path)}' has no entry in COMMANDS")
        scope = "\n".join("\n".join(e) for e, g in zip(entries, heads) if path[0] in g[0])
        for names in options:
            for name in names:
                if name not in HELP_OPTIONS and not named(scope, name):
                    problems.append(f"{page}: option {name} of 'illctl {' '.join(path)}' is not "
                                    f"documented under '{path[0]}'")


def check_illd_man(program, page, env, problems):
    result = run([program, "--help"], env)
    options, _ = parse_help(result.stdout)
    text = mandoc_text(page)
    for names in options:
        for name in names:
            if name not in HELP_OPTIONS and not named(text, name):
                problems.append(f"{page}: illd option {name} is not documented")


def documented_keys(page):
    keys, prefix = set(), ""
    with open(page, encoding="utf-8") as f:
        for line in f:
            if line.startswith(".Sh"):
                prefix = ""
            elif m := re.match(r"^\.Ss \[([\w.]+)\]", line):
                prefix = m.group(1) + "."
            elif m := re.match(r"^\.It Cm ([\w.]+)", line):
                keys.add(prefix + m.group(1))
    return keys


def check_config_man(illctl, page, env, problems):
    result = run([illctl, "--json", "config", "show"], env)
    if result.returncode != 0:
        sys.exit(f"illctl --json config show failed: {result.stderr}")
    documented = documented_keys(page)
    for entry in json.loads(result.stdout):
        if entry["key"] not in documented:
            problems.append(f"{page}: configuration key '{entry['key']}' is not documented")


BASH_DRIVER = r"""
# Stand-ins for bash-completion's helpers, so that the function runs without the package.
type _init_completion &>/dev/null || _init_completion() {
  words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD
  cur=${words[cword]}; prev=${words[cword - 1]}
}
type _filedir &>/dev/null || _filedir() { COMPREPLY=(); }
type compopt &>/dev/null || compopt() { :; }
source "$1"; shift
while IFS= read -r line; do
  read -r -a COMP_WORDS <<<"$line"
  [[ $line == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
  _illctl illctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  printf '%s\n' "${COMPREPLY[*]}"
done
"""


def check_bash(tree, script, problems):
    queries = []
    for path, (options, subs) in sorted(tree.items()):
        words = " ".join(("illctl",) + path)
        if subs:
            queries.append((path, "sub", f"{words} "))
        if options:
            queries.append((path, "opt", f"{words} -"))
    result = subprocess.run(["bash", "-c", BASH_DRIVER, "bash", script],
                            input="".join(q[2] + "\n" for q in queries),
                            capture_output=True, text=True, check=False)
    replies = result.stdout.split("\n")
    if result.returncode != 0 or len(replies) < len(queries):
        problems.append(f"{script}: the completion failed to run: {result.stderr.strip()}")
        return
    for (path, kind, _), reply in zip(queries, replies):
        offered = set(reply.split())
        options, subs = tree[path]
        where = "illctl " + " ".join(path) if path else "illctl"
        wanted = subs if kind == "sub" else [n for names in options for n in names
                                             if n.startswith("--") or len(names) == 1]
        for word in wanted:
            if word not in offered and word not in HELP_OPTIONS:
                what = "subcommand" if kind == "sub" else "option"
                problems.append(f"{script}: '{where}' does not offer the {what} {word}")


def function_bodies(script):
    """zsh: {function name: body text} for functions written as `name() {` ... `}`."""
    bodies, name = {}, None
    with open(script, encoding="utf-8") as f:
        for line in f:
            if m := re.match(r"^(_illctl[\w-]*)\s*\(\)\s*\{", line):
                name = m.group(1)
                bodies[name] = line
            elif name:
                bodies[name] += line
                if line.startswith("}"):
                    name = None
    return bodies


def check_zsh(tree, script, problems):
    bodies = function_bodies(script)
    with open(script, encoding="utf-8") as f:
        # The global options, offered by every command's function.
        m = re.search(r"^_illctl_globals=\((.*?)^\)", f.read(), re.S | re.M)
    if m and "_illctl_cmd" in bodies:
        bodies["_illctl_cmd"] += m.group(1)
    for path, (options, subs) in sorted(tree.items()):
        function = "_illctl_cmd" + "".join("_" + w for w in path)
        where = "illctl " + " ".join(path) if path else "illctl"
        body = bodies.get(function)
        if body is None:
            problems.append(f"{script}: '{where}' has no function {function}")
            continue
        for word in subs:
            if not re.search(r"['\"(\s]" + re.escape(word) + r"[:'\"\s)]", body):
                problems.append(f"{script}: '{where}' does not offer the subcommand {word}")
        for names in options:
            for name in names:
                if name not in HELP_OPTIONS and not named(body, name):
                    problems.append(f"{script}: '{where}' does not offer the option {name}")


def check_fish_run(fish, tree, script, problems):
    """Asks fish itself (`complete -C`) what it offers at every command of the tree."""
    queries = []
    for path, (options, subs) in sorted(tree.items()):
        words = " ".join(("illctl",) + path)
        if subs:
            queries.append((path, "sub", f"{words} "))
        if options:
            queries.append((path, "opt", f"{words} -"))
    program = "source $argv[1]\n" + "".join(
        f"complete -C {shlex.quote(q[2])}; echo '\x1e'\n" for q in queries)
    result = subprocess.run([fish, "--no-config", "-c", program, script],
                            capture_output=True, text=True, check=False)
    replies = result.stdout.split("\x1e\n")
    if result.returncode != 0 or len(replies) < len(queries):
        problems.append(f"{script}: fish could not run the completion: {result.stderr.strip()}")
        return
    for (path, kind, _), reply in zip(queries, replies):
        offered = {line.split("\t")[0] for line in reply.splitlines()}
        options, subs = tree[path]
        where = "illctl " + " ".join(path) if path else "illctl"
        if kind == "sub":
            missing = [w for w in subs if w not in offered]
        else:
            # fish offers short options only when asked for them alone; check the long ones.
            missing = [n for names in options for n in names
                       if n not in HELP_OPTIONS and n not in offered
                       and (n.startswith("--") or len(names) == 1)]
        for word in missing:
            what = "subcommand" if kind == "sub" else "option"
            problems.append(f"{script}: fish offers no {what} {word} at '{where}'")


def check_fish(tree, script, problems):
    at, within = {}, {}
    with open(script, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("complete -c illctl"):
                continue
            words = shlex.split(line.replace("\\'", ""), comments=True)  # fish's \' in '...'
            condition, offered = "", set()
            for i, w in enumerate(words):
                if w == "-n":
                    condition = words[i + 1]
                elif w == "-a":
                    offered.update(words[i + 1].split())
                elif w == "-l":
                    offered.add("--" + words[i + 1])
                elif w == "-s":
                    offered.add("-" + words[i + 1])
            m = re.match(r"^__illctl_(at|in)\b(.*)$", condition.strip())
            if condition == "":
                within.setdefault((), set()).update(o for o in offered if o.startswith("-"))
            elif m:
                table = at if m.group(1) == "at" else within
                table.setdefault(tuple(m.group(2).split()), set()).update(offered)
    for path, (options, subs) in sorted(tree.items()):
        where = "illctl " + " ".join(path) if path else "illctl"
        for word in subs:
            if word not in at.get(path, set()):
                problems.append(f"{script}: '{where}' does not offer the subcommand {word}")
        for names in options:
            for name in names:
                if name not in HELP_OPTIONS and name not in within.get(path, set()):
                    problems.append(f"{script}: '{where}' does not offer the option {name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--illctl", required=True)
    parser.add_argument("--illd", required=True)
    parser.add_argument("--source-dir", required=True)
    args = parser.parse_args()
    src = args.source_dir
    # No configuration file of the machine, so that the walk sees only built-in defaults.
    env = {k: v for k, v in os.environ.items() if not k.startswith("ILL_")}
    env["ILL_CONFIG"] = os.devnull
    env["ILL_DB"] = os.devnull

    tree = walk(args.illctl, env)
    problems = []
    check_illctl_man(tree, f"{src}/man/illctl.1", problems)
    check_illd_man(args.illd, f"{src}/man/illd.8", env, problems)
    check_config_man(args.illctl, f"{src}/man/illd.conf.5", env, problems)
    check_bash(tree, f"{src}/completions/illctl.bash", problems)
    check_zsh(tree, f"{src}/completions/_illctl", problems)
    if fish := shutil.which("fish"):
        check_fish_run(fish, tree, f"{src}/completions/illctl.fish", problems)
    else:
        check_fish(tree, f"{src}/completions/illctl.fish", problems)
    if zsh := shutil.which("zsh"):
        result = run([zsh, "-n", f"{src}/completions/_illctl"])
        if result.returncode != 0:
            problems.append(f"{src}/completions/_illctl: zsh -n: {result.stderr.strip()}")
    for p in problems:
        print(p)
    commands = len(tree) - 1
    options = sum(len(o) for o, _ in tree.values())
    print(f"{commands} commands and {options} options of illctl checked: {len(problems)} missing")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
