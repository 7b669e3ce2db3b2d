package migrate

import (
	"slices"
	"sort"
	"strings"
)

// Detect compares from (the state the migrations build) with to (the
// current models) for the given apps and returns the operations each app
// needs, in an order that applies cleanly. q decides renames (nil: none).
func Detect(from, to *ProjectState, apps []string, q Questioner) map[string][]Operation {
	if q == nil {
		q = Fixed{}
	}
	d := &detector{from: from.Clone(), to: to, q: q, ops: map[string]*appOps{}}
	d.apps = append(d.apps, apps...)
	sort.Strings(d.apps)
	d.run()
	out := map[string][]Operation{}
	for app, o := range d.ops {
		all := slices.Concat(o.renameModels, o.alterTables, o.renameFields, o.removeConstraints, o.removeFields,
			o.deleteModels, o.createModels, o.addFields, o.alterFields, o.addIndexes)
		if len(all) > 0 {
			out[app] = all
		}
	}
	return out
}

type appOps struct {
	renameModels, alterTables, renameFields, removeConstraints, removeFields,
	deleteModels, createModels, addFields, alterFields, addIndexes []Operation
}

type detector struct {
	from, to *ProjectState
	q        Questioner
	apps     []string
	ops      map[string]*appOps
}

func (d *detector) app(a string) *appOps {
	o := d.ops[a]
	if o == nil {
		o = &appOps{}
		d.ops[a] = o
	}
	return o
}

func (d *detector) run() {
	for _, app := range d.apps {
		d.detectApp(app)
	}
}

func sameModelShape(a, b *ModelState) bool {
	if len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Fields {
		fa, fb := a.Fields[i], b.Fields[i]
		fa.To, fb.To, fa.Through, fb.Through = "", "", "", ""
		if !fa.equal(fb) {
			return false
		}
	}
	return true
}

func (d *detector) detectApp(app string) {
	o := d.app(app)
	oldModels := d.from.AppModels(app)
	newModels := d.to.AppModels(app)
	has := func(s []*ModelState, name string) bool {
		for _, m := range s {
			if strings.EqualFold(m.Name, name) {
				return true
			}
		}
		return false
	}
	var added, removed []*ModelState
	for _, m := range newModels {
		if !has(oldModels, m.Name) {
			added = append(added, m)
		}
	}
	for _, m := range oldModels {
		if !has(newModels, m.Name) {
			removed = append(removed, m)
		}
	}
	// Renamed models.
	for i := 0; i < len(added); i++ {
		a := added[i]
		for j, r := range removed {
			// Join tables are renamed along with their field.
			if r.Options.AutoCreated != a.Options.AutoCreated || !sameModelShape(r, a) || !d.q.AskRenameModel(r, a) {
				continue
			}
			op := RenameModel{OldName: r.Name, NewName: a.Name}
			_ = op.State(app, d.from)
			o.renameModels = append(o.renameModels, op)
			added = slices.Delete(added, i, i+1)
			removed = slices.Delete(removed, j, j+1)
			i--
			break
		}
	}
	// Deleted models: join tables first, then dependants before targets.
	removed = orderModels(removed, true)
	for _, m := range removed {
		o.deleteModels = append(o.deleteModels, DeleteModel{Name: m.Name})
	}
	// Created models: targets before dependants, join tables last.
	added = orderModels(added, false)
	created := map[string]bool{}
	for _, m := range added {
		created[key(m.Label())] = true
	}
	done := map[string]bool{}
	for _, m := range added {
		var fields, later []FieldState
		for _, f := range m.Fields {
			t := key(relLabel(app, f.To))
			if f.IsRelation() && f.Concrete() && created[t] && !done[t] && t != key(m.Label()) {
				later = append(later, f)
				continue
			}
			fields = append(fields, f)
		}
		opts := m.Options
		if opts.Table == defaultTable(app, m.Name) {
			opts.Table = ""
		}
		o.createModels = append(o.createModels, CreateModel{Name: m.Name, Fields: fields, Options: opts})
		done[key(m.Label())] = true
		for _, f := range later {
			o.addFields = append(o.addFields, AddField{Model: m.Name, Field: f})
		}
	}
	// Changed models.
	for _, nm := range newModels {
		om, ok := d.from.Model(nm.Label())
		if !ok || has(added, nm.Name) {
			continue
		}
		d.detectModel(app, o, om, nm)
	}
}

// orderModels sorts models so relation targets come before the models
// pointing at them (reverse: after), join tables at the dependant end.
func orderModels(ms []*ModelState, reverse bool) []*ModelState {
	sort.Slice(ms, func(i, j int) bool { return ms[i].Name < ms[j].Name })
	byKey := map[string]*ModelState{}
	for _, m := range ms {
		byKey[key(m.Label())] = m
	}
	var out []*ModelState
	state := map[*ModelState]int{}
	var visit func(m *ModelState)
	visit = func(m *ModelState) {
		if state[m] != 0 {
			return
		}
		state[m] = 1
		for _, f := range m.Fields {
			if t, ok := byKey[key(relLabel(m.App, f.To))]; ok && t != m && f.Concrete() {
				visit(t)
			}
		}
		state[m] = 2
		out = append(out, m)
	}
	for _, m := range ms {
		if !m.Options.AutoCreated {
			visit(m)
		}
	}
	for _, m := range ms {
		if m.Options.AutoCreated {
			visit(m)
		}
	}
	if reverse {
		slices.Reverse(out)
	}
	return out
}

func (d *detector) detectModel(app string, o *appOps, om, nm *ModelState) {
	if om.Options.Table != nm.Options.Table {
		t := nm.Options.Table
		if t == defaultTable(app, nm.Name) {
			t = ""
		}
		o.alterTables = append(o.alterTables, AlterModelTable{Name: nm.Name, Table: t})
	}
	var added, removed []FieldState
	for _, f := range nm.Fields {
		if _, ok := om.Field(f.Name); !ok {
			added = append(added, f)
		}
	}
	for _, f := range om.Fields {
		if _, ok := nm.Field(f.Name); !ok {
			removed = append(removed, f)
		}
	}
	renamedFrom := map[string]string{}
	for i := 0; i < len(added); i++ {
		a := added[i]
		for j, r := range removed {
			rr := r
			if rr.Column == defaultColumn(rr) {
				rr.Column = defaultColumn(a)
			}
			if rr.Column != a.Column || !r.sameDefinition(a) || !d.q.AskRenameField(nm, r, a) {
				continue
			}
			o.renameFields = append(o.renameFields, RenameField{Model: nm.Name, OldName: r.Name, NewName: a.Name})
			renamedFrom[a.Name] = r.Name
			added = slices.Delete(added, i, i+1)
			removed = slices.Delete(removed, j, j+1)
			i--
			break
		}
	}
	// Indexes and constraints, by name (a changed one is removed and added).
	for _, ix := range om.Options.Indexes {
		if !slices.ContainsFunc(nm.Options.Indexes, func(n Index) bool { return indexEqual(n, ix, renamedFrom) }) {
			o.removeConstraints = append(o.removeConstraints, RemoveIndex{Model: nm.Name, Name: ix.Name})
		}
	}
	for _, c := range om.Options.Constraints {
		if !slices.ContainsFunc(nm.Options.Constraints, func(n Constraint) bool { return constraintEqual(n, c, renamedFrom) }) {
			o.removeConstraints = append(o.removeConstraints, RemoveConstraint{Model: nm.Name, Name: c.Name})
		}
	}
	for _, ix := range nm.Options.Indexes {
		if !slices.ContainsFunc(om.Options.Indexes, func(n Index) bool { return indexEqual(ix, n, renamedFrom) }) {
			o.addIndexes = append(o.addIndexes, AddIndex{Model: nm.Name, Index: ix})
		}
	}
	for _, c := range nm.Options.Constraints {
		if !slices.ContainsFunc(om.Options.Constraints, func(n Constraint) bool { return constraintEqual(c, n, renamedFrom) }) {
			o.addIndexes = append(o.addIndexes, AddConstraint{Model: nm.Name, Constraint: c})
		}
	}
	for _, f := range removed {
		o.removeFields = append(o.removeFields, RemoveField{Model: nm.Name, Name: f.Name})
	}
	for _, f := range added {
		op := AddField{Model: nm.Name, Field: f}
		if needsFill(f) {
			op.Fill = d.q.AskFill(nm, f, false)
		}
		o.addFields = append(o.addFields, op)
	}
	for _, nf := range nm.Fields {
		oldName := nf.Name
		if r, ok := renamedFrom[nf.Name]; ok {
			oldName = r
		}
		of, ok := om.Field(oldName)
		if !ok {
			continue
		}
		of.Name = nf.Name
		if renamedFrom[nf.Name] != "" && of.Column == defaultColumn(FieldState{Name: oldName, Kind: of.Kind}) {
			of.Column = defaultColumn(nf)
		}
		if !of.equal(nf) {
			op := AlterField{Model: nm.Name, Field: nf}
			if of.Null && needsFill(nf) {
				op.Fill = d.q.AskFill(nm, nf, true)
			}
			o.alterFields = append(o.alterFields, op)
		}
	}
}

// needsFill: existing rows need a value for f and it has no default.
func needsFill(f FieldState) bool {
	return f.Concrete() && !f.Null && !f.HasDefault && !f.PrimaryKey
}

func renameList(fields []string, renamed map[string]string) []string {
	out := slices.Clone(fields)
	for i, n := range out {
		desc := strings.HasPrefix(n, "-")
		base := strings.TrimPrefix(n, "-")
		for newName, oldName := range renamed {
			if base == oldName {
				base = newName
			}
		}
		if desc {
			base = "-" + base
		}
		out[i] = base
	}
	return out
}

// indexEqual compares a new index with an old one whose field names are
// translated through renames (new name → old name).
func indexEqual(n, old Index, renamed map[string]string) bool {
	return n.Name == old.Name && n.Unique == old.Unique && slices.Equal(n.Fields, renameList(old.Fields, renamed))
}

func constraintEqual(n, old Constraint, renamed map[string]string) bool {
	return n.Name == old.Name && n.Check == old.Check && slices.Equal(n.Fields, renameList(old.Fields, renamed))
}
