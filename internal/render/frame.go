package render

// The frame of every page but the handout (base.html's "base": head,
// menu and footer) is html/template's slowest work per page after the
// charts: some sixty escaped values, a dozen of them URLs, 85 µs a page.
// While a page's templates are the built-in ones, its "main" is executed
// by html/template alone and the frame around it is written by the Go
// code below: the same bytes, which sites_test.go and partials_test.go
// check by rendering sites both ways. A strategy page's main part can
// then also be kept between renders without its menu (Memo).

// fastFrame reports whether page template name's frame is written by
// writeFrameHead and writeFrameTail.
func (r *renderer) fastFrame(name string) bool {
	return r.fast && name != "handout.html" && !r.overridden["base.html"] && !r.overridden[name]
}

// writeFrameHead writes the frame up to the page's "main".
func writeFrameHead(b writer, d *Data) {
	site := d.Site
	b.WriteString("<!DOCTYPE html>\n<html lang=\"")
	escape(b, site.Lang)
	b.WriteString(`" data-currency="`)
	escape(b, site.Currency)
	b.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<title>")
	if d.Title != site.Title {
		escape(b, d.Title)
		b.WriteString(" · ")
	}
	escape(b, site.Title)
	b.WriteString("</title>")
	if d.Description != "" {
		b.WriteString("\n<meta name=\"description\" content=\"")
		escape(b, d.Description)
		b.WriteString(`">`)
	}
	b.WriteString("\n<meta name=\"generator\" content=\"salesdeck")
	version(b, site.Version)
	b.WriteString("\">\n<link rel=\"stylesheet\" href=\"")
	writeURL(b, site.Assets)
	// Primary is template.CSS, which html/template writes as it is.
	b.WriteString("salesdeck.css\">\n<style>:root { --primary: " + string(site.Primary) + "; }</style>")
	for _, s := range site.Styles {
		b.WriteString("\n<link rel=\"stylesheet\" href=\"")
		writeURL(b, s)
		b.WriteString(`">`)
	}
	b.WriteString("\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"topbar\">\n  <div class=\"wrap topbar-inner\">\n    <a class=\"brand\" href=\"")
	writeURL(b, site.Home)
	b.WriteString(`">`)
	if site.Logo != "" {
		b.WriteString(`<img class="logo" src="`)
		writeURL(b, site.Logo)
		b.WriteString(`" alt="">`)
	}
	b.WriteString("<span>")
	escape(b, site.Title)
	b.WriteString("</span>\n    </a>\n    <nav class=\"menu\" aria-label=\"Main\">\n      <ul>")
	for _, n := range d.Nav {
		b.WriteString("\n        <li class=\"menu-")
		escape(b, n.Kind)
		b.WriteString(`"><a href="`)
		writeURL(b, n.URL)
		b.WriteByte('"')
		if n.Current {
			b.WriteString(` aria-current="page"`)
		}
		b.WriteByte('>')
		escape(b, n.Title)
		b.WriteString("</a></li>")
	}
	b.WriteString("\n      </ul>\n    </nav>\n  </div>\n</header>\n<main id=\"main\" class=\"wrap\">\n")
}

// writeFrameTail writes the frame after the page's "main".
func writeFrameTail(b writer, d *Data) {
	site := d.Site
	b.WriteString("\n</main>\n<footer class=\"footer\">\n  <div class=\"wrap footer-inner\">\n    <span>Figures as of <time datetime=\"")
	escape(b, site.AsOfISO)
	b.WriteString(`">`)
	escape(b, site.AsOf)
	b.WriteString("</time></span>\n    <span>Download: <a href=\"")
	writeURL(b, site.Data)
	b.WriteString("strategies.csv\">CSV</a> · <a href=\"")
	writeURL(b, site.Data)
	b.WriteString("strategies.json\">JSON</a></span>\n    <span><a href=\"")
	writeURL(b, d.Root)
	b.WriteString("handout.html\">Board handout</a></span>\n    <span>Made with salesdeck")
	version(b, site.Version)
	b.WriteString("</span>\n  </div>\n</footer>")
	if d.HasCharts {
		b.WriteString("\n<script src=\"")
		writeURL(b, site.Assets)
		b.WriteString("echarts.min.js\"></script>\n<script src=\"")
		writeURL(b, site.Assets)
		b.WriteString("salesdeck.js\"></script>")
	}
	b.WriteString("\n</body>\n</html>\n")
}

// version writes " v" after "salesdeck" when there is a version.
func version(b writer, v string) {
	if v != "" {
		b.WriteByte(' ')
		escape(b, v)
	}
}
