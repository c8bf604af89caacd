import PipeKit
import Testing

@testable import BuiltinStages

struct MarkdownTextTests {
    @Test(arguments: [
        ("One line\nwrapped here.\n\nSecond paragraph.", "One line wrapped here.\n\nSecond paragraph."),
        ("Hard  \nbreak and\\\nbackslash", "Hard\nbreak and\nbackslash"),
        ("# One\n## Two ##\n###### Six\n####### Seven", "One\n\nTwo\n\nSix\n\n####### Seven"),
        ("#NoSpace", "#NoSpace"),
        ("Title\n=====\nSub\n---\ntext", "Title\n\nSub\n\ntext"),
        ("a\n\n---\n\nb\n***\nc\n_ _ _", "a\n\nb\n\nc"),
        ("*em* **strong** ***both*** _u_ __uu__ ~~del~~", "em strong both u uu del"),
        ("snake_case_name and 2 * 3 * 4 and a*b", "snake_case_name and 2 * 3 * 4 and a*b"),
        ("*unclosed and **half", "*unclosed and **half"),
        ("**bold with *nested* em**", "bold with nested em"),
        ("\\*not em\\* \\_ \\# \\\\ \\a", "*not em* _ # \\ \\a"),
        ("`code *x*` and ``a ` b`` and ` spaced `", "code *x* and a ` b and spaced"),
        ("unmatched `tick", "unmatched `tick"),
        ("[text](http://u \"t\") [nested [brackets]](u) [a](<u v>)", "text nested [brackets] a"),
        ("![alt *em*](i.png) ![](empty.png)", "alt em"),
        ("[full][ref] [collapsed][] [ref] [undefined]\n\n[ref]: /u \"T\"", "full collapsed ref [undefined]"),
        ("<https://a.b/c> <me@x.org> <span class=x>in</span> <br/> a < b", "https://a.b/c me@x.org in a < b"),
        ("Note[^1] here.\n\n[^1]: The note.", "Note here.\n\nThe note."),
        ("&copy; &#169; &amp;c &nope;", "© © &c &nope;"),
        ("- one\n- two\n  continued\n* three", "one\ntwo continued\n\nthree"),
        ("1. first\n2. second\n\n   indented para\n10) other", "first\nsecond indented para\n\nother"),
        ("- [ ] todo\n- [x] done", "todo\ndone"),
        ("- a\n  - nested\n- b", "a\nnested\nb"),
        ("Para\n- item", "Para\n\nitem"),
        ("Year\n2014. A year", "Year 2014. A year"),
        ("- item\nlazy line\n\nafter", "item lazy line\n\nafter"),
        ("```swift\nlet x = 1\n\n\nlet y = 2\n```\nafter", "let x = 1\n\n\nlet y = 2\n\nafter"),
        ("~~~\n```\ninside\n~~~", "```\ninside"),
        ("```\nunclosed\nfence", "unclosed\nfence"),
        ("para\n\n    code line\n      deeper\n\n    more\n\nafter", "para\n\ncode line\n  deeper\n\nmore\n\nafter"),
        ("para\n    not code", "para not code"),
        ("> quoted\n> text\n>\n> second\n\nout", "quoted text\n\nsecond\n\nout"),
        ("> quote\nlazy\n\n> > deep", "quote lazy\n\ndeep"),
        ("| a | b |\n|---|:-:|\n| 1 | 2 \\| 3 |\n| x |\n\nafter", "a\tb\n1\t2 | 3\nx\n\nafter"),
        ("not | a table\nsecond line", "not | a table second line"),
        ("<!-- one line -->\ntext\n\n<!--\nmulti\nline\n-->\nmore", "text\n\nmore"),
        ("<div align=\"center\">\n<img src=\"x.png\">\n</div>\n\nBody", "Body"),
        ("Windows\r\nline ends\r\n\r\n- item\r\n", "Windows line ends\n\nitem"),
        ("", ""),
    ])
    func convertsMarkdownToText(markdown: String, text: String) {
        #expect(MarkdownText.convert(markdown).text == text)
    }

    @Test func theFirstLevelOneHeadingIsTheTitleWithoutFrontMatter() {
        #expect(MarkdownText.convert("Intro\n\n## Not this\n\n# The *Title*\n\n# Later").metadata.title == "The Title")
        #expect(MarkdownText.convert("Setext title\n===\n").metadata.title == "Setext title")
        #expect(MarkdownText.convert("## Only level two").metadata.title == nil)
    }

    @Test func frontMatterGoesToMetadata() {
        let (text, metadata) = MarkdownText.convert(
            "---\ntitle: 1984\ndate: 2024-03-09 10:00:00 +01:00\nlanguage: en\nwords: 1200\ntags:\n  - a\n  - b\n---\n# Heading\n\nBody."
        )
        #expect(text == "Heading\n\nBody.")
        #expect(
            metadata
                == Metadata(
                    title: "1984", date: "2024-03-09", language: "en", extra: ["words": 1200, "tags": ["a", "b"]]))
    }

    @Test func frontMatterThatIsNotValidYAMLIsReadLineByLine() {
        let metadata = MarkdownText.convert(
            "---\ntitle: Talks: day two\ndate: \"March 5, 2024\"\nauthor: 'Ann'\n- stray\n---\nBody"
        ).metadata
        #expect(metadata == Metadata(title: "Talks: day two", date: "2024-03-05", author: "Ann"))
    }

    @Test func anUnclosedFrontMatterIsText() {
        #expect(MarkdownText.convert("---\ntitle: x\n\nBody").text == "title: x\n\nBody")
    }

    @Test func aFrontMatterTitleWinsOverTheHeading() {
        #expect(MarkdownText.convert("---\ntitle: Front\n...\n# Heading").metadata.title == "Front")
        #expect(MarkdownText.convert("---\ntitle:\n---\n# Heading").metadata.title == "Heading")
    }
}
