/// The style sheet and script that the HTML report carries inline, so the file works offline and
/// alone: no fonts, images or scripts come from anywhere else.
///
/// The script only filters documents and switches label highlights; the report reads the same
/// without it. It never receives document text as code: documents live in the escaped HTML.
enum HTMLReportAssets {
    static let style = #"""
        :root{--bg:#f6f6f3;--fg:#1f2328;--muted:#5f6b7a;--card:#fff;--line:#e3e3de;--accent:#2563eb;color-scheme:light dark}
        @media (prefers-color-scheme:dark){:root{--bg:#14161a;--fg:#e8e8e6;--muted:#9aa3ad;--card:#1d2026;--line:#30343b;--accent:#7aa7ff}}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        .wrap{max-width:980px;margin:0 auto;padding:0 1.25rem}
        header.top{padding-top:2rem;padding-bottom:1rem}
        h1{margin:0 0 .3rem;font-size:2rem;line-height:1.2}
        .facts{color:var(--muted);margin:0}
        .toolbar{position:sticky;top:0;z-index:2;background:var(--bg);border-bottom:1px solid var(--line)}
        .toolbar .wrap{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding-top:.6rem;padding-bottom:.6rem}
        #filter{flex:1 1 16rem;min-width:12rem;padding:.45rem .75rem;border:1px solid var(--line);border-radius:8px;background:var(--card);color:inherit;font:inherit}
        #shown{color:var(--muted);font-size:.9rem}
        .legend{display:flex;flex-wrap:wrap;gap:.35rem}
        .legend label{display:inline-flex;align-items:center;gap:.3rem;font-size:.75rem;font-weight:600;letter-spacing:.02em;padding:.12rem .55rem;border-radius:999px;background:var(--tint);color:#1f2328;border:1px solid var(--solid);cursor:pointer}
        .legend input{margin:0;accent-color:var(--solid)}
        main{padding-bottom:3rem}
        .panel{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1.25rem 1.5rem;margin:1rem 0}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.75rem}
        .card{border:1px solid var(--line);border-radius:10px;padding:.7rem .9rem}
        .card b{display:block;font-size:1.55rem;font-variant-numeric:tabular-nums}
        .card span{color:var(--muted);font-size:.85rem}
        h2{font-size:1.3rem;margin:1.5rem 0 .6rem;line-height:1.3}
        .panel>h2:first-child,.doc>h2{margin-top:0}
        table{border-collapse:collapse;width:100%;font-size:.92rem}
        th,td{text-align:left;padding:.32rem .5rem;border-bottom:1px solid var(--line)}
        th{color:var(--muted);font-weight:600}
        .num{text-align:right;font-variant-numeric:tabular-nums}
        .swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:3px;background:var(--solid);margin-right:.45rem;vertical-align:-1px}
        .bars{display:grid;grid-template-columns:minmax(7rem,15rem) 1fr auto;gap:.4rem .8rem;align-items:center;font-size:.92rem}
        .bars .name{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
        .bars .track{height:1rem;background:var(--line);border-radius:4px;overflow:hidden}
        .bars .fill{display:block;height:100%;background:var(--solid);border-radius:4px}
        .bars .n{color:var(--muted);font-variant-numeric:tabular-nums;text-align:right}
        ol.toc{margin:0;padding-left:1.6rem}
        ol.toc li{margin:.2rem 0}
        ol.toc .when{color:var(--muted);font-size:.85rem;margin-left:.5rem}
        a{color:var(--accent)}
        .meta{display:flex;flex-wrap:wrap;gap:.15rem 1rem;color:var(--muted);font-size:.88rem;margin:.1rem 0 .9rem}
        .summary{border-left:4px solid var(--accent);background:rgba(37,99,235,.07);border-radius:0 8px 8px 0;padding:.55rem .9rem;margin:.8rem 0}
        .summary h3,.text summary{margin:0 0 .2rem;font-size:.75rem;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:var(--muted)}
        .summary p{margin:0}
        .chips{display:flex;flex-wrap:wrap;gap:.35rem;margin:.6rem 0;padding:0;list-style:none}
        .kw{font-size:.82rem;padding:.08rem .6rem;border-radius:999px;border:1px solid var(--line)}
        .ent{display:inline-flex;align-items:center;gap:.35rem;font-size:.82rem;padding:.08rem .2rem .08rem .6rem;border-radius:999px;background:var(--tint);color:#1f2328}
        .ent b{background:var(--solid);color:#fff;border-radius:999px;padding:0 .42rem;font-size:.72rem}
        .text{margin-top:.8rem}
        .text summary{cursor:pointer}
        .body{white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.7;margin-top:.4rem}
        mark{background:var(--tint);color:#1f2328;border-bottom:2px solid var(--solid);border-radius:3px;padding:0 .08rem}
        #none{color:var(--muted);text-align:center;padding:2rem 0}
        footer{color:var(--muted);font-size:.8rem;text-align:center;padding:0 0 2rem}
        """#

    static let script = #"""
        (() => {
          const box = document.getElementById("filter");
          const shown = document.getElementById("shown");
          const none = document.getElementById("none");
          const docs = [...document.querySelectorAll("article.doc")];
          const texts = docs.map((d) => d.textContent.toLowerCase());
          const toc = new Map([...document.querySelectorAll("ol.toc li")].map((li) => [li.dataset.doc, li]));
          box.addEventListener("input", () => {
            const query = box.value.trim().toLowerCase();
            let count = 0;
            docs.forEach((doc, i) => {
              const hit = !query || texts[i].includes(query);
              doc.hidden = !hit;
              if (toc.has(doc.id)) toc.get(doc.id).hidden = !hit;
              if (hit) count++;
            });
            shown.textContent = `${count} of ${docs.length} ${docs.length === 1 ? "document" : "documents"}`;
            none.hidden = count > 0 || docs.length === 0;
          });
          for (const check of document.querySelectorAll(".legend input")) {
            check.addEventListener("change", () => document.body.classList.toggle("off-" + check.value, !check.checked));
          }
        })();
        """#
}
