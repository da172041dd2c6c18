package emit

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mmpy/mmpy/internal/gen/ir"
)

func mdDoc(doc string) string {
	var keep []string
	for _, line := range strings.Split(strings.TrimSpace(doc), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "@tag") || strings.HasPrefix(t, "Minimum server version") {
			continue
		}
		keep = append(keep, t)
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}

func pySig(m *ir.Method) string {
	var ps []string
	for _, p := range m.Params {
		if p.Kind == ir.KVarArgs {
			ps = append(ps, "*"+p.Name+": Any")
		} else {
			ps = append(ps, p.Name+": "+docAnn(pyParamAnn(p)))
		}
	}
	var rs []string
	for _, r := range m.Results {
		rs = append(rs, docAnn(pyResultAnn(m, r)))
	}
	ret := "None"
	switch len(rs) {
	case 0:
	case 1:
		ret = rs[0]
	default:
		ret = "tuple[" + strings.Join(rs, ", ") + "]"
	}
	return fmt.Sprintf("%s(%s) -> %s", m.Snake, strings.Join(ps, ", "), ret)
}

// DocsAPI emits docs/reference/api.md: every plugin.API method as the Python
// client exposes it, grouped by the interface's @tag.
func DocsAPI(x *ir.IR) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!-- %s -->\n\n# Plugin API reference\n\n", Header)
	fmt.Fprintf(&b, "Every method of Mattermost's Go `plugin.API` (server/public %s, %d methods) as `self.api` exposes it. "+
		"Errors raise `PluginAPIError` subclasses chosen by HTTP status (see the guide); methods that return "+
		"several values return a tuple. Models are the dataclasses of `mattermost_plugin.models`.\n\n", x.Version, len(x.API))
	groups := map[string][]*ir.Method{}
	for _, m := range x.API {
		tag := m.Tag
		if tag == "" {
			tag = "Other"
		}
		groups[tag] = append(groups[tag], m)
	}
	var tags []string
	for t := range groups {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	b.WriteString("## Contents\n\n")
	for _, t := range tags {
		fmt.Fprintf(&b, "- [%s](#%s) (%d)\n", t, strings.ToLower(strings.ReplaceAll(t, " ", "-")), len(groups[t]))
	}
	for _, t := range tags {
		fmt.Fprintf(&b, "\n## %s\n", t)
		for _, m := range groups[t] {
			fmt.Fprintf(&b, "\n### `%s`\n\n", m.Snake)
			fmt.Fprintf(&b, "```python\ndef %s: ...\n```\n\n", strings.Replace(strings.Replace(pySig(m), "(", "(self, ", 1), "(self, )", "(self)", 1))
			fmt.Fprintf(&b, "Go: `%s` — minimum server version %s.\n\n%s\n", goSignature(m), m.MinServerVersion, mdDoc(m.Doc))
		}
	}
	return []byte(b.String())
}

// DocsHooks emits docs/reference/hooks.md: every hook with its Python handler
// signature and failure answer.
func DocsHooks(x *ir.IR) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!-- %s -->\n\n# Hooks reference\n\n", Header)
	fmt.Fprintf(&b, "Every hook of Mattermost's Go `plugin.Hooks` (server/public %s, %d hooks). Implement one with "+
		"`@hook(HookName.<Name>)` (or `@hook(\"<Name>\")`) on a method of your `Plugin` subclass; `def` and "+
		"`async def` both work. The server calls only the hooks your plugin defines.\n\n", x.Version, len(x.Hooks))
	b.WriteString("| Hook | id | since |\n|---|---|---|\n")
	for _, m := range x.Hooks {
		fmt.Fprintf(&b, "| [%s](#%s) | %d | %s |\n", m.Name, strings.ToLower(m.Name), m.HookID, m.MinServerVersion)
	}
	for _, m := range x.Hooks {
		var ps []string
		ps = append(ps, "self")
		for _, a := range hookArgs(m) {
			ps = append(ps, hookParamName(a)+": "+hookArgAnn(a))
		}
		ret, shape := hookReturn(m)
		sig := strings.ReplaceAll(fmt.Sprintf("@hook(HookName.%s)\ndef handler(%s) -> %s: ...", m.Name, strings.Join(ps, ", "), ret), "_m.", "")
		fmt.Fprintf(&b, "\n## %s\n\n```python\n%s\n```\n\n", m.Name, sig)
		fmt.Fprintf(&b, "Go: `%s` — hook id %d, minimum server version %s.\n\n", goSignature(m), m.HookID, m.MinServerVersion)
		if shape != "None" {
			fmt.Fprintf(&b, "Return: %s.\n\n", shape)
		}
		fmt.Fprintf(&b, "On failure: %s\n\n%s\n", failureDoc(m), mdDoc(m.Doc))
	}
	return []byte(b.String())
}

// docAnn is a generated annotation as the reader writes it: without the
// module prefixes of the generated code (_m.Post, _mp.HTTPRequest).
func docAnn(ann string) string {
	return strings.NewReplacer("_mp.", "", "_m.", "").Replace(ann)
}
