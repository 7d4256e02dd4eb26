package markdown

import (
	"slices"
	"strings"
	"testing"
)

// An image from another host would be fetched by every reader's browser
// (and by salesdeck pdf), telling that host who reads the site: it is
// left out, its text kept, and reported with its position. Links to other
// hosts stay links; images in the site stay images.
func TestExternalImages(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		allow   bool
		want    string // the whole output
		dropped []DroppedImage
	}{
		{name: "tracking pixel", src: "![i](http://host/track.png)",
			want: "<p>i</p>\n", dropped: []DroppedImage{{Line: 1, Col: 1, Dest: "http://host/track.png", Alt: "i"}}},
		{name: "with a title, after text", src: "Sales\n\nUp *a lot* ![the **chart**](https://host/c.png \"Q3\") today",
			want: "<p>Sales</p>\n<p>Up <em>a lot</em> the <strong>chart</strong> today</p>\n", dropped: []DroppedImage{{Line: 3, Col: 12, Dest: "https://host/c.png", Alt: "the chart"}}},
		{name: "protocol-relative", src: "![i](//host/x.png)",
			want: "<p>i</p>\n", dropped: []DroppedImage{{Line: 1, Col: 1, Dest: "//host/x.png", Alt: "i"}}},
		{name: "by reference", src: "![i][r]\n\n[r]: HTTP://host/x.png",
			want: "<p>i</p>\n", dropped: []DroppedImage{{Line: 1, Col: 1, Dest: "HTTP://host/x.png", Alt: "i"}}},
		{name: "written with an entity", src: "![i](&#104;ttp://host/x.png)",
			want: "<p>i</p>\n", dropped: []DroppedImage{{Line: 1, Col: 1, Dest: "http://host/x.png", Alt: "i"}}},
		{name: "without text", src: "ü ![](http://host/x.png)",
			want: "<p>ü </p>\n", dropped: []DroppedImage{{Line: 1, Col: 3, Dest: "http://host/x.png"}}},
		{name: "inside a link, which stays", src: "[![logo](http://host/l.png)](http://host/)",
			want: "<p><a href=\"http://host/\">logo</a></p>\n", dropped: []DroppedImage{{Line: 1, Col: 2, Dest: "http://host/l.png", Alt: "logo"}}},
		{name: "link to another host", src: "[report](https://host/r.pdf) and <https://host/>",
			want: "<p><a href=\"https://host/r.pdf\">report</a> and <a href=\"https://host/\">https://host/</a></p>\n"},
		{name: "images of the site", src: "![a](assets/a.png) ![b](../assets/b.png) ![c](/c.png) ![d](data:image/png;base64,AAAA)",
			want: "<p><img src=\"assets/a.png\" alt=\"a\"> <img src=\"../assets/b.png\" alt=\"b\"> <img src=\"/c.png\" alt=\"c\"> <img src=\"data:image/png;base64,AAAA\" alt=\"d\"></p>\n"},
		{name: "allowed", src: "![i](http://host/track.png)", allow: true,
			want: "<p><img src=\"http://host/track.png\" alt=\"i\"></p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var dropped []DroppedImage
			opts := []Option{OnDroppedImage(func(d DroppedImage) { dropped = append(dropped, d) })}
			if tt.allow {
				opts = append(opts, AllowExternalImages())
			}
			got, err := New(false, opts...).Render(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if !slices.Equal(dropped, tt.dropped) {
				t.Errorf("dropped %+v\nwant    %+v", dropped, tt.dropped)
			}
		})
	}
}

// In unsafe mode too: raw HTML is the site owner's to write, but an image
// in Markdown is still an image from a plan or page.
func TestExternalImagesUnsafe(t *testing.T) {
	got, err := New(true).Render("![i](http://host/x.png) <img src=\"http://owner/y.png\">")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(got), "host/x.png") || !strings.Contains(string(got), `<img src="http://owner/y.png">`) {
		t.Errorf("got %s", got)
	}
}
