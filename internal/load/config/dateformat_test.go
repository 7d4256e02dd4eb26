package config

import "testing"

// date_format is written as a spreadsheet writes it or as a Go layout;
// either must name the year, the month and the day.
func TestDateLayout(t *testing.T) {
	tests := []struct {
		format, layout, err string
	}{
		{"auto", "", ""},
		{"MM/DD/YYYY", "1/2/2006", ""},
		{"mm/dd/yyyy", "1/2/2006", ""},
		{"DD.MM.YYYY", "2.1.2006", ""},
		{"YYYY-MM-DD", "2006-1-2", ""},
		{"M/D/YYYY H:mm", "1/2/2006 15:04", ""},
		{"D/M/YYYY", "2/1/2006", ""},
		{"yyyy-mm-dd hh:mm:ss", "2006-1-2 15:04:05", ""},
		{"YYYY-MM-DDTHH:mm:ss", "2006-1-2T15:04:05", ""},
		{"M/D/YY h:mm AM/PM", "1/2/06 3:04 PM", ""},
		{"DD-MMM-YYYY", "2-Jan-2006", ""},
		{"MMMM D, YYYY", "January 2, 2006", ""},
		{"1/2/2006 15:04", "1/2/2006 15:04", ""},
		{"02.01.2006", "02.01.2006", ""},
		{"MM/YYYY", "", `"MM/YYYY" does not name the day (DD); write the order of the cells' parts, such as "MM/DD/YYYY", "DD.MM.YYYY" or "YYYY-MM-DD", or auto`},
		{"DD.MM.YYY", "", `"DD.MM.YYY": "YYY" is no part of a date format; the parts are YYYY (or YY) for the year, MM or M for the month, DD or D for the day, and H, mm, ss for a time, as in "MM/DD/YYYY" or "DD.MM.YYYY H:mm"`},
		{"2006-01", "", `"2006-01" does not name the day (DD); write the order of the cells' parts, such as "MM/DD/YYYY", "DD.MM.YYYY" or "YYYY-MM-DD", or auto`},
		{"iso", "", `"iso": "i" is no part of a date format; the parts are YYYY (or YY) for the year, MM or M for the month, DD or D for the day, and H, mm, ss for a time, as in "MM/DD/YYYY" or "DD.MM.YYYY H:mm"`},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			got, err := DateLayout(tt.format)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("got %q, %v\nwant error %s", got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.layout {
				t.Fatalf("got %q, %v; want %q", got, err, tt.layout)
			}
		})
	}
}
