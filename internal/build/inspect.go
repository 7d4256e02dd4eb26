package build

import (
	"cmp"
	"context"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/database"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/load/sitefs"
	"salesdeck/internal/support/diag"
)

// Inspection is what salesdeck makes of a site's sales data, for
// salesdeck inspect and serve's inspect page: the settings that read it,
// the files read and each column's role and values.
type Inspection struct {
	Config   *config.Site
	Files    []string // the CSV files read; none for a database source
	Profile  *sales.Profile
	Warnings []*diag.Error
}

// Inspect reads the sales data of the site opt names as a build would,
// with its settings, and profiles each column; plans and pages are not
// read. CSV files are read one row after the other (sales.Options.Profile);
// a database source is asked for its groups of every dimension.
func Inspect(opt Options) (*Inspection, error) {
	if err := checkSite(opt.Src); err != nil {
		return nil, err
	}
	fsys, err := sitefs.Open(opt.Src)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	cfg, err := config.LoadFile(fsys, opt.Config)
	if err != nil {
		return nil, err
	}
	in := &Inspection{Config: cfg}
	if cfg.Sales.Source != "csv" {
		d, err := database.Load(cmp.Or[context.Context](opt.Context, context.Background()), cfg, nil, opt.Src)
		if err != nil {
			return nil, err
		}
		in.Profile, in.Warnings = sales.ProfileOf(d, cfg.Sales), d.Warnings
		return in, nil
	}
	p := &sales.Profile{}
	d, err := sales.Load(fsys, cfg, sales.Options{Profile: p, Progress: opt.Progress})
	if err != nil {
		return nil, err
	}
	in.Files, in.Profile, in.Warnings = d.Files, p, d.Warnings
	return in, nil
}
