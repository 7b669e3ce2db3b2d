package migrate

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/djinn-go/djinn/orm"
)

// Sentinel errors.
var (
	// ErrUnknown reports a model, field, index or migration that does not
	// exist where an operation or command expects it.
	ErrUnknown = errors.New("migrate: unknown")
	// ErrIrreversible reports an operation that cannot be unapplied.
	ErrIrreversible = errors.New("migrate: irreversible operation")
	// ErrExists reports a model, field or index that already exists.
	ErrExists = errors.New("migrate: already exists")
)

// Env is what operations act on while a migration runs.
type Env struct {
	// Editor renders and runs DDL.
	Editor *Editor
	// DB is the database (nil when only SQL is collected, for sqlmigrate);
	// the context passed with it carries the migration's transaction.
	DB *orm.DB
}

// Operation is one step of a migration. Operations are plain structs with
// exported fields, so makemigrations writes them as Go literals.
type Operation interface {
	// Describe is a one-line human description.
	Describe() string
	// State applies the operation to s, the state of the project while
	// app's migration runs.
	State(app string, s *ProjectState) error
	// Forwards changes the database from the state from to the state to
	// (the states before and after the operation).
	Forwards(ctx context.Context, env *Env, app string, from, to *ProjectState) error
	// Backwards reverts Forwards: the database goes from to back to from.
	Backwards(ctx context.Context, env *Env, app string, from, to *ProjectState) error
}

func label(app, name string) string { return app + "." + name }

func defaultTable(app, name string) string { return strings.ToLower(app + "_" + name) }

func defaultColumn(f FieldState) string {
	if f.Kind == string(orm.ForeignKey) || f.Kind == string(orm.OneToOneField) {
		return f.Name + "_id"
	}
	if f.Kind == string(orm.ManyToManyField) {
		return ""
	}
	return f.Name
}

// CreateModel creates a model and its table.
type CreateModel struct {
	Name    string
	Fields  []FieldState
	Options Options
}

// Describe implements Operation.
func (o CreateModel) Describe() string { return "Create model " + o.Name }

// State implements Operation.
func (o CreateModel) State(app string, s *ProjectState) error {
	if _, ok := s.Model(label(app, o.Name)); ok {
		return fmt.Errorf("%w: model %s", ErrExists, label(app, o.Name))
	}
	m := &ModelState{App: app, Name: o.Name, Fields: slices.Clone(o.Fields), Options: o.Options}
	if m.Options.Table == "" {
		m.Options.Table = defaultTable(app, o.Name)
	}
	s.Models[key(m.Label())] = m.clone()
	return nil
}

// Forwards implements Operation.
func (o CreateModel) Forwards(ctx context.Context, env *Env, app string, _, to *ProjectState) error {
	m, err := to.mustModel(label(app, o.Name))
	if err != nil {
		return err
	}
	return env.Editor.CreateModel(ctx, to, m)
}

// Backwards implements Operation.
func (o CreateModel) Backwards(ctx context.Context, env *Env, app string, _, to *ProjectState) error {
	m, err := to.mustModel(label(app, o.Name))
	if err != nil {
		return err
	}
	return env.Editor.DeleteModel(ctx, m)
}

// DeleteModel drops a model's table.
type DeleteModel struct{ Name string }

// Describe implements Operation.
func (o DeleteModel) Describe() string { return "Delete model " + o.Name }

// State implements Operation.
func (o DeleteModel) State(app string, s *ProjectState) error {
	if _, err := s.mustModel(label(app, o.Name)); err != nil {
		return err
	}
	delete(s.Models, key(label(app, o.Name)))
	return nil
}

// Forwards implements Operation.
func (o DeleteModel) Forwards(ctx context.Context, env *Env, app string, from, _ *ProjectState) error {
	return CreateModel{Name: o.Name}.Backwards(ctx, env, app, nil, from)
}

// Backwards implements Operation.
func (o DeleteModel) Backwards(ctx context.Context, env *Env, app string, from, _ *ProjectState) error {
	return CreateModel{Name: o.Name}.Forwards(ctx, env, app, nil, from)
}

// RenameModel renames a model; its table follows when it had the default
// name.
type RenameModel struct{ OldName, NewName string }

// Describe implements Operation.
func (o RenameModel) Describe() string { return "Rename model " + o.OldName + " to " + o.NewName }

// State implements Operation.
func (o RenameModel) State(app string, s *ProjectState) error {
	m, err := s.mustModel(label(app, o.OldName))
	if err != nil {
		return err
	}
	if _, ok := s.Model(label(app, o.NewName)); ok && !strings.EqualFold(o.OldName, o.NewName) {
		return fmt.Errorf("%w: model %s", ErrExists, label(app, o.NewName))
	}
	delete(s.Models, key(m.Label()))
	if m.Options.Table == defaultTable(app, o.OldName) {
		m.Options.Table = defaultTable(app, o.NewName)
	}
	oldLabel := m.Label()
	m.Name = o.NewName
	s.Models[key(m.Label())] = m
	for _, other := range s.Models {
		for i, f := range other.Fields {
			if strings.EqualFold(relLabel(other.App, f.To), oldLabel) {
				other.Fields[i].To = m.Label()
			}
			if strings.EqualFold(relLabel(other.App, f.Through), oldLabel) {
				other.Fields[i].Through = m.Label()
			}
		}
	}
	return nil
}

func renameTable(ctx context.Context, env *Env, app, oldName, newName string, from, to *ProjectState) error {
	a, err := from.mustModel(label(app, oldName))
	if err != nil {
		return err
	}
	b, err := to.mustModel(label(app, newName))
	if err != nil {
		return err
	}
	return env.Editor.RenameModelTable(ctx, to, a, b)
}

// Forwards implements Operation.
func (o RenameModel) Forwards(ctx context.Context, env *Env, app string, from, to *ProjectState) error {
	return renameTable(ctx, env, app, o.OldName, o.NewName, from, to)
}

// Backwards implements Operation.
func (o RenameModel) Backwards(ctx context.Context, env *Env, app string, from, to *ProjectState) error {
	return renameTable(ctx, env, app, o.NewName, o.OldName, to, from)
}

// AlterModelTable changes a model's table name.
type AlterModelTable struct{ Name, Table string }

// Describe implements Operation.
func (o AlterModelTable) Describe() string { return "Rename table for " + o.Name + " to " + o.Table }

// State implements Operation.
func (o AlterModelTable) State(app string, s *ProjectState) error {
	m, err := s.mustModel(label(app, o.Name))
	if err != nil {
		return err
	}
	m.Options.Table = o.Table
	if o.Table == "" {
		m.Options.Table = defaultTable(app, o.Name)
	}
	return nil
}

// Forwards implements Operation.
func (o AlterModelTable) Forwards(ctx context.Context, env *Env, app string, from, to *ProjectState) error {
	return renameTable(ctx, env, app, o.Name, o.Name, from, to)
}

// Backwards implements Operation.
func (o AlterModelTable) Backwards(ctx context.Context, env *Env, app string, from, to *ProjectState) error {
	return renameTable(ctx, env, app, o.Name, o.Name, to, from)
}

// AddField adds a field (and its column) to a model.
type AddField struct {
	Model string
	Field FieldState
	// Fill, when set, is a one-off default (default= tag text) filling
	// existing rows of a NOT NULL column instead of Field's default; it
	// is not part of the state.
	Fill string
}

// withFill returns m and f with fill as f's default, for filling rows.
func withFill(m *ModelState, f FieldState, fill string) (*ModelState, FieldState) {
	if fill == "" {
		return m, f
	}
	f.Default, f.HasDefault = fill, true
	c := m.clone()
	if i := c.fieldIndex(f.Name); i >= 0 {
		c.Fields[i] = f
	}
	return c, f
}

// Describe implements Operation.
func (o AddField) Describe() string { return "Add field " + o.Field.Name + " to " + o.Model }

// State implements Operation.
func (o AddField) State(app string, s *ProjectState) error {
	m, err := s.mustModel(label(app, o.Model))
	if err != nil {
		return err
	}
	if _, ok := m.Field(o.Field.Name); ok {
		return fmt.Errorf("%w: field %s.%s", ErrExists, m.Label(), o.Field.Name)
	}
	m.Fields = append(m.Fields, o.Field)
	return nil
}

// Forwards implements Operation.
func (o AddField) Forwards(ctx context.Context, env *Env, app string, _, to *ProjectState) error {
	m, err := to.mustModel(label(app, o.Model))
	if err != nil {
		return err
	}
	m, f := withFill(m, o.Field, o.Fill)
	return env.Editor.AddField(ctx, to, m, f)
}

// Backwards implements Operation.
func (o AddField) Backwards(ctx context.Context, env *Env, app string, _, to *ProjectState) error {
	m, err := to.mustModel(label(app, o.Model))
	if err != nil {
		return err
	}
	return env.Editor.RemoveField(ctx, to, m, o.Field)
}

// RemoveField removes a field (and its column).
type RemoveField struct{ Model, Name string }

// Describe implements Operation.
func (o RemoveField) Describe() string { return "Remove field " + o.Name + " from " + o.Model }

// State implements Operation.
func (o RemoveField) State(app string, s *ProjectState) error {
	m, err := s.mustModel(label(app, o.Model))
	if err != nil {
		return err
	}
	if _, ok := m.Field(o.Name); !ok {
		return fmt.Errorf("%w: field %s.%s", ErrUnknown, m.Label(), o.Name)
	}
	m.Fields = removeField(m.Fields, o.Name)
	return nil
}

func fieldOf(s *ProjectState, app, model, name string) (*ModelState, FieldState, error) {
	m, err := s.mustModel(label(app, model))
	if err != nil {
		return nil, FieldState{}, err
	}
	f, ok := m.Field(name)
	if !ok {
		return nil, FieldState{}, fmt.Errorf("%w: field %s.%s", ErrUnknown, m.Label(), name)
	}
	return m, f, nil
}

// Forwards implements Operation.
func (o RemoveField) Forwards(ctx context.Context, env *Env, app string, from, _ *ProjectState) error {
	m, f, err := fieldOf(from, app, o.Model, o.Name)
	if err != nil {
		return err
	}
	return env.Editor.RemoveField(ctx, from, m, f)
}

// Backwards implements Operation.
func (o RemoveField) Backwards(ctx context.Context, env *Env, app string, from, _ *ProjectState) error {
	m, f, err := fieldOf(from, app, o.Model, o.Name)
	if err != nil {
		return err
	}
	return env.Editor.AddField(ctx, from, m, f)
}

// AlterField changes a field's definition; Field.Name names it.
type AlterField struct {
	Model string
	Field FieldState
	// Fill, when set, is a one-off default filling NULLs when the field
	// becomes NOT NULL (see AddField.Fill).
	Fill string
}

// Describe implements Operation.
func (o AlterField) Describe() string { return "Alter field " + o.Field.Name + " on " + o.Model }

// State implements Operation.
func (o AlterField) State(app string, s *ProjectState) error {
	m, err := s.mustModel(label(app, o.Model))
	if err != nil {
		return err
	}
	i := m.fieldIndex(o.Field.Name)
	if i < 0 {
		return fmt.Errorf("%w: field %s.%s", ErrUnknown, m.Label(), o.Field.Name)
	}
	m.Fields[i] = o.Field
	return nil
}

func (o AlterField) alter(ctx context.Context, env *Env, app string, a, b *ProjectState, fill string) error {
	ma, fa, err := fieldOf(a, app, o.Model, o.Field.Name)
	if err != nil {
		return err
	}
	mb, fb, err := fieldOf(b, app, o.Model, o.Field.Name)
	if err != nil {
		return err
	}
	mb, fb = withFill(mb, fb, fill)
	return env.Editor.AlterField(ctx, b, ma, mb, fa, fb)
}

// Forwards implements Operation.
func (o AlterField) Forwards(ctx context.Context, env *Env, app string, from, to *ProjectState) error {
	return o.alter(ctx, env, app, from, to, o.Fill)
}

// Backwards implements Operation.
func (o AlterField) Backwards(ctx context.Context, env *Env, app string, from, to *ProjectState) error {
	return o.alter(ctx, env, app, to, from, "")
}

// RenameField renames a field; its column follows when it had the
// default name.
type RenameField struct{ Model, OldName, NewName string }

// Describe implements Operation.
func (o RenameField) Describe() string {
	return "Rename field " + o.OldName + " on " + o.Model + " to " + o.NewName
}

// State implements Operation.
func (o RenameField) State(app string, s *ProjectState) error {
	m, err := s.mustModel(label(app, o.Model))
	if err != nil {
		return err
	}
	i := m.fieldIndex(o.OldName)
	if i < 0 {
		return fmt.Errorf("%w: field %s.%s", ErrUnknown, m.Label(), o.OldName)
	}
	if _, ok := m.Field(o.NewName); ok {
		return fmt.Errorf("%w: field %s.%s", ErrExists, m.Label(), o.NewName)
	}
	f := m.Fields[i]
	wasDefault := f.Column == defaultColumn(f)
	f.Name = o.NewName
	if wasDefault {
		f.Column = defaultColumn(f)
	}
	m.Fields[i] = f
	rename := func(names []string) {
		for j, n := range names {
			if strings.TrimPrefix(n, "-") == o.OldName {
				names[j] = strings.Replace(n, o.OldName, o.NewName, 1)
			}
		}
	}
	for j := range m.Options.Indexes {
		m.Options.Indexes[j].Fields = slices.Clone(m.Options.Indexes[j].Fields)
		rename(m.Options.Indexes[j].Fields)
	}
	for j := range m.Options.Constraints {
		m.Options.Constraints[j].Fields = slices.Clone(m.Options.Constraints[j].Fields)
		rename(m.Options.Constraints[j].Fields)
	}
	return nil
}

func (o RenameField) rename(ctx context.Context, env *Env, app string, a, b *ProjectState, oldName, newName string) error {
	_, fa, err := fieldOf(a, app, o.Model, oldName)
	if err != nil {
		return err
	}
	mb, fb, err := fieldOf(b, app, o.Model, newName)
	if err != nil {
		return err
	}
	return env.Editor.RenameField(ctx, b, mb, fa, fb)
}

// Forwards implements Operation.
func (o RenameField) Forwards(ctx context.Context, env *Env, app string, from, to *ProjectState) error {
	return o.rename(ctx, env, app, from, to, o.OldName, o.NewName)
}

// Backwards implements Operation.
func (o RenameField) Backwards(ctx context.Context, env *Env, app string, from, to *ProjectState) error {
	return o.rename(ctx, env, app, to, from, o.NewName, o.OldName)
}

// AddIndex adds an index to a model.
type AddIndex struct {
	Model string
	Index Index
}

// Describe implements Operation.
func (o AddIndex) Describe() string { return "Create index " + o.Index.Name + " on " + o.Model }

// State implements Operation.
func (o AddIndex) State(app string, s *ProjectState) error {
	m, err := s.mustModel(label(app, o.Model))
	if err != nil {
		return err
	}
	for _, ix := range m.Options.Indexes {
		if ix.Name == o.Index.Name {
			return fmt.Errorf("%w: index %s", ErrExists, ix.Name)
		}
	}
	m.Options.Indexes = append(m.Options.Indexes, o.Index)
	return nil
}

// Forwards implements Operation.
func (o AddIndex) Forwards(ctx context.Context, env *Env, app string, _, to *ProjectState) error {
	m, err := to.mustModel(label(app, o.Model))
	if err != nil {
		return err
	}
	return env.Editor.AddIndex(ctx, m, o.Index)
}

// Backwards implements Operation.
func (o AddIndex) Backwards(ctx context.Context, env *Env, app string, _, to *ProjectState) error {
	m, err := to.mustModel(label(app, o.Model))
	if err != nil {
		return err
	}
	return env.Editor.RemoveIndex(ctx, m, o.Index)
}

// RemoveIndex removes the index named Name.
type RemoveIndex struct{ Model, Name string }

// Describe implements Operation.
func (o RemoveIndex) Describe() string { return "Remove index " + o.Name + " from " + o.Model }

// State implements Operation.
func (o RemoveIndex) State(app string, s *ProjectState) error {
	m, err := s.mustModel(label(app, o.Model))
	if err != nil {
		return err
	}
	n := len(m.Options.Indexes)
	m.Options.Indexes = slices.DeleteFunc(m.Options.Indexes, func(ix Index) bool { return ix.Name == o.Name })
	if len(m.Options.Indexes) == n {
		return fmt.Errorf("%w: index %s on %s", ErrUnknown, o.Name, m.Label())
	}
	return nil
}

func indexOf(s *ProjectState, app, model, name string) (*ModelState, Index, error) {
	m, err := s.mustModel(label(app, model))
	if err != nil {
		return nil, Index{}, err
	}
	for _, ix := range m.Options.Indexes {
		if ix.Name == name {
			return m, ix, nil
		}
	}
	return nil, Index{}, fmt.Errorf("%w: index %s on %s", ErrUnknown, name, m.Label())
}

// Forwards implements Operation.
func (o RemoveIndex) Forwards(ctx context.Context, env *Env, app string, from, _ *ProjectState) error {
	m, ix, err := indexOf(from, app, o.Model, o.Name)
	if err != nil {
		return err
	}
	return env.Editor.RemoveIndex(ctx, m, ix)
}

// Backwards implements Operation.
func (o RemoveIndex) Backwards(ctx context.Context, env *Env, app string, from, _ *ProjectState) error {
	m, ix, err := indexOf(from, app, o.Model, o.Name)
	if err != nil {
		return err
	}
	return env.Editor.AddIndex(ctx, m, ix)
}

// AddConstraint adds a constraint to a model.
type AddConstraint struct {
	Model      string
	Constraint Constraint
}

// Describe implements Operation.
func (o AddConstraint) Describe() string {
	return "Create constraint " + o.Constraint.Name + " on model " + o.Model
}

// State implements Operation.
func (o AddConstraint) State(app string, s *ProjectState) error {
	m, err := s.mustModel(label(app, o.Model))
	if err != nil {
		return err
	}
	for _, c := range m.Options.Constraints {
		if c.Name == o.Constraint.Name {
			return fmt.Errorf("%w: constraint %s", ErrExists, c.Name)
		}
	}
	m.Options.Constraints = append(m.Options.Constraints, o.Constraint)
	return nil
}

// Forwards implements Operation.
func (o AddConstraint) Forwards(ctx context.Context, env *Env, app string, _, to *ProjectState) error {
	m, err := to.mustModel(label(app, o.Model))
	if err != nil {
		return err
	}
	return env.Editor.AddConstraint(ctx, to, m, o.Constraint)
}

// Backwards implements Operation.
func (o AddConstraint) Backwards(ctx context.Context, env *Env, app string, _, to *ProjectState) error {
	m, err := to.mustModel(label(app, o.Model))
	if err != nil {
		return err
	}
	return env.Editor.RemoveConstraint(ctx, to, m, o.Constraint)
}

// RemoveConstraint removes the constraint named Name.
type RemoveConstraint struct{ Model, Name string }

// Describe implements Operation.
func (o RemoveConstraint) Describe() string {
	return "Remove constraint " + o.Name + " from model " + o.Model
}

// State implements Operation.
func (o RemoveConstraint) State(app string, s *ProjectState) error {
	m, err := s.mustModel(label(app, o.Model))
	if err != nil {
		return err
	}
	n := len(m.Options.Constraints)
	m.Options.Constraints = slices.DeleteFunc(m.Options.Constraints, func(c Constraint) bool { return c.Name == o.Name })
	if len(m.Options.Constraints) == n {
		return fmt.Errorf("%w: constraint %s on %s", ErrUnknown, o.Name, m.Label())
	}
	return nil
}

func constraintOf(s *ProjectState, app, model, name string) (*ModelState, Constraint, error) {
	m, err := s.mustModel(label(app, model))
	if err != nil {
		return nil, Constraint{}, err
	}
	for _, c := range m.Options.Constraints {
		if c.Name == name {
			return m, c, nil
		}
	}
	return nil, Constraint{}, fmt.Errorf("%w: constraint %s on %s", ErrUnknown, name, m.Label())
}

// Forwards implements Operation.
func (o RemoveConstraint) Forwards(ctx context.Context, env *Env, app string, from, _ *ProjectState) error {
	m, c, err := constraintOf(from, app, o.Model, o.Name)
	if err != nil {
		return err
	}
	return env.Editor.RemoveConstraint(ctx, from, m, c)
}

// Backwards implements Operation.
func (o RemoveConstraint) Backwards(ctx context.Context, env *Env, app string, from, _ *ProjectState) error {
	m, c, err := constraintOf(from, app, o.Model, o.Name)
	if err != nil {
		return err
	}
	return env.Editor.AddConstraint(ctx, from, m, c)
}

// RunSQL runs hand-written statements, one per element ("?" marks bind
// nothing: write literals). Without ReverseSQL the migration cannot be
// unapplied; a ReverseSQL of []string{} makes reversal a no-op.
type RunSQL struct {
	SQL        []string
	ReverseSQL []string
	// Elidable drops the operation when its migration is squashed
	// (Django's elidable): for data fixes a fresh database does not need.
	Elidable bool
}

// Describe implements Operation.
func (o RunSQL) Describe() string { return "Raw SQL operation" }

// State implements Operation.
func (RunSQL) State(string, *ProjectState) error { return nil }

// Forwards implements Operation.
func (o RunSQL) Forwards(ctx context.Context, env *Env, _ string, _, _ *ProjectState) error {
	return env.Editor.run(ctx, o.SQL...)
}

// Backwards implements Operation.
func (o RunSQL) Backwards(ctx context.Context, env *Env, _ string, _, _ *ProjectState) error {
	if o.ReverseSQL == nil {
		return fmt.Errorf("%w: RunSQL has no ReverseSQL", ErrIrreversible)
	}
	return env.Editor.run(ctx, o.ReverseSQL...)
}

// GoFunc is the code of a RunGo operation: db is the project database and
// ctx carries the migration's transaction (where the database has
// transactional DDL). Models are the current Go types, not historical
// ones: keep data migrations to plain SQL through db.Exec/db.Query, or to
// fields that exist in every later state.
type GoFunc func(ctx context.Context, db *orm.DB) error

// RunGo runs Go code (a data migration). Without Backward the migration
// cannot be unapplied; use Noop for a reversal that does nothing.
type RunGo struct {
	Forward  GoFunc
	Backward GoFunc
	// Elidable drops the operation when its migration is squashed
	// (Django's elidable); otherwise a RunGo must be squashed by hand.
	Elidable bool
}

// Noop is a GoFunc that does nothing.
func Noop(context.Context, *orm.DB) error { return nil }

// Describe implements Operation.
func (RunGo) Describe() string { return "Raw Go operation" }

// State implements Operation.
func (RunGo) State(string, *ProjectState) error { return nil }

// Forwards implements Operation.
func (o RunGo) Forwards(ctx context.Context, env *Env, _ string, _, _ *ProjectState) error {
	if env.DB == nil || o.Forward == nil {
		return nil
	}
	return o.Forward(ctx, env.DB)
}

// Backwards implements Operation.
func (o RunGo) Backwards(ctx context.Context, env *Env, _ string, _, _ *ProjectState) error {
	if o.Backward == nil {
		return fmt.Errorf("%w: RunGo has no Backward", ErrIrreversible)
	}
	if env.DB == nil {
		return nil
	}
	return o.Backward(ctx, env.DB)
}

var (
	_ Operation = CreateModel{}
	_ Operation = DeleteModel{}
	_ Operation = RenameModel{}
	_ Operation = AlterModelTable{}
	_ Operation = AddField{}
	_ Operation = RemoveField{}
	_ Operation = AlterField{}
	_ Operation = RenameField{}
	_ Operation = AddIndex{}
	_ Operation = RemoveIndex{}
	_ Operation = AddConstraint{}
	_ Operation = RemoveConstraint{}
	_ Operation = RunSQL{}
	_ Operation = RunGo{}
)
