import PipeKit
import Testing

@testable import BuiltinStages

struct HTMLTextTests {
    @Test(arguments: [
        ("<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
        ("<p>  spread \n\t over   lines  </p>", "spread over lines"),
        ("a<br>b<br/>c<BR />d", "a\nb\nc\nd"),
        ("a<br><br>b", "a\n\nb"),
        ("<div>a<div>b</div>c</div>", "a\n\nb\n\nc"),
        ("<span>a</span> <em>b</em><strong>c</strong>", "a bc"),
        ("x<script>if (a < b) { write('<p>no</p>') }</script>y", "xy"),
        ("x<SCRIPT type=module>var s = '</scr' + 'ipt>';</SCRIPT>y", "xy"),
        ("x<style>p { color: red }</style>y<!-- a <p> comment -->z", "xyz"),
        ("a<!-- never closed <p>b</p>", "a"),
        ("a<!---->b<!-->c", "abc"),
        ("<!DOCTYPE html><?xml version=\"1.0\"?>text", "text"),
        ("<nav><a>Home</a></nav><p>Body</p><footer>(c)</footer>", "Body"),
        ("<aside>Related</aside><form><input>Go</form><p>Body</p>", "Body"),
        ("<div role=\"navigation\">Menu</div><div role=banner>Logo</div><p>Body</p>", "Body"),
        ("<header>Site</header><article><header><h1>Headline</h1></header><p>Body</p></article>", "Headline\n\nBody"),
        ("<main><header>Kicker</header><p>Body</p></main>", "Kicker\n\nBody"),
        ("<nav><div>unclosed</nav><p>after</p>", "after"),
        ("<div><nav>unclosed nav</div><p>after</p>", "after"),
        ("<nav/>text", "text"),
        ("<p hidden>secret</p><p style=\"display: none\">gone</p><p style='visibility:hidden'>too</p>ok", "ok"),
        ("<button>Share</button><select><option>A</select><svg><title>icon</title><text>T</text></svg>ok", "ok"),
        ("<noscript><img src=x></noscript><template><p>t</p></template>ok", "ok"),
        ("3 < 4 and 5 > 2", "3 < 4 and 5 > 2"),
        ("a <3 b", "a <3 b"),
        ("<a title=\"x > y\" href='/z'>link</a>", "link"),
        ("<a title=\"never closed>link</a> more", "link more"),
        ("<P>Upper</P><DiV>case</dIv>", "Upper\n\ncase"),
        ("<p>open<p>second<div>block</div>", "open\n\nsecond\n\nblock"),
        ("<ul><li>one<li>two</ul>after", "one\ntwo\n\nafter"),
        ("<ol><li>a<ul><li>nested</ul><li>b</ol>", "a\nnested\nb"),
        ("<dl><dt>Term<dd>Definition</dl>", "Term\nDefinition"),
        ("<table><tr><th>A<th>B<tr><td>1<td>2</table>", "A\tB\n1\t2"),
        ("<table><tbody><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></tbody></table>", "a\tb\nc"),
        ("<pre>\n  indented\n\n\n  code  \n</pre>after", "  indented\n\n  code\n\nafter"),
        ("<p>a</p>\n\n   \n<p>b</p>", "a\n\nb"),
        ("</p>stray end tags</div></span>", "stray end tags"),
        ("<p>&nbsp;</p><p>a&nbsp;&nbsp;b</p>", "a b"),
        ("<img src=a.png alt=\"An image\">text<hr>more", "text\n\nmore"),
        ("<", "<"),
        ("<p", ""),
        ("", ""),
    ])
    func convertsMarkupToText(html: String, text: String) {
        #expect(HTMLText.convert(html).text == text)
    }

    @Test(arguments: [
        ("&amp;&lt;&gt;&quot;&apos;&#39;", "&<>\"''"),
        ("&eacute;&Eacute;&hellip;&mdash;&euro;&copy;", "éÉ…—€©"),
        ("&#65;&#x42;&#X43;&#x1F600;", "ABC😀"),
        ("&#150;&#128;&#153;", "–€™"),
        ("&#0;&#xD800;&#x110000;&#99999999999;", "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),
        ("&unknown; & &; &#; &#x;", "&unknown; & &; &#; &#x;"),
        ("&amp &copy 2024 &ampx &notanentity", "& © 2024 &ampx &notanentity"),
        ("AT&T", "AT&T"),
    ])
    func decodesCharacterReferences(html: String, text: String) {
        #expect(HTMLText.convert(html).text == text)
    }

    @Test func theTitleComesFromTheTitleElementThenOpenGraphThenTheFirstHeading() {
        #expect(
            HTMLText.convert("<title> A &amp;\n B </title><meta property=og:title content=OG>").metadata.title
                == "A & B")
        #expect(
            HTMLText.convert("<meta property=\"og:title\" content=\"OG title\"><h1>H</h1>").metadata.title == "OG title"
        )
        #expect(HTMLText.convert("<meta name=twitter:title content=Tw><h1>H</h1>").metadata.title == "Tw")
        #expect(
            HTMLText.convert("<nav><h1>Site</h1></nav><h1> The <em>real</em>\nheadline </h1><h1>Second</h1>").metadata
                .title == "The real headline")
        #expect(HTMLText.convert("<svg><title>icon</title></svg><p>x</p>").metadata.title == nil)
        #expect(HTMLText.convert("<p>no title</p>").metadata.title == nil)
    }

    @Test(
        arguments: [
            (
                "<meta property=\"article:published_time\" content=\"2024-03-07T18:42:00+00:00\"><meta name=date content=2020-01-01>",
                "2024-03-07"
            ),
            ("<meta name=\"date\" content=\"2024/03/07\">", "2024-03-07"),
            ("<meta name=\"pubdate\" content=\"20240307\">", "2024-03-07"),
            ("<meta property=\"og:pubdate\" content=\"Thu, 07 Mar 2024 10:00:00 GMT\">", "2024-03-07"),
            (
                "<meta name=\"dc.date\" content=\"not a date\"><time datetime=\"2024-03-07\">Thursday</time>",
                "2024-03-07"
            ),
            (
                "<span itemprop=\"datePublished\" content=\"2024-03-07\"></span><time datetime=2020-01-01>x</time>",
                "2024-03-07"
            ),
            ("<time datetime=\"2020-01-01\">old</time><time pubdate datetime=\"2024-03-07\">x</time>", "2024-03-07"),
            ("<footer><time datetime=\"2020-01-01\">x</time></footer><p>no date</p>", nil),
            ("<meta property=\"article:modified_time\" content=\"2024-03-08\">", nil),
        ] as [(String, String?)])
    func theDateComesFromMetaTagsThenTimeElements(html: String, date: String?) {
        #expect(HTMLText.convert(html).metadata.date == date)
    }

    @Test func authorAndLanguageAreRead() {
        let metadata = HTMLText.convert(
            "<html lang=\"fr\"><meta property=\"article:author\" content=\"https://x/a\"><meta name=\"author\" content=\" Ann  Lee \">"
        ).metadata
        #expect(metadata.author == "Ann Lee")
        #expect(metadata.language == "fr")
        #expect(HTMLText.convert("<meta name=\"dc.creator\" content=\"Bo\">").metadata.author == "Bo")
    }
}
