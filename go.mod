module salesdeck

go 1.26.0

require (
	golang.org/x/text v0.44.0
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/go-echarts/go-echarts/v2 v2.6.7 // indirect
	github.com/kr/pretty v0.1.0 // indirect
	github.com/yuin/goldmark v1.8.7 // indirect
	gopkg.in/check.v1 v1.0.0-20180628173108-788fd7840127 // indirect
)
