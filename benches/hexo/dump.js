// Print every post and page Hexo loads from the blog in argv[2], as JSON lines:
// {kind: "post"|"page", source, path, permalink, title, content} (content is the rendered
// body HTML; path is the file Hexo writes, as its router names it).
// Run from a folder whose node_modules holds hexo and hexo-renderer-marked.
'use strict';
const Hexo = require('hexo');
(async () => {
  const hexo = new Hexo(process.argv[2], { silent: true });
  await hexo.init();
  await hexo.load();
  for (const kind of ['post', 'page']) {
    const docs = hexo.locals.get(kind + 's').sort('source').toArray();
    for (const p of docs) {
      process.stdout.write(JSON.stringify({
        kind, source: p.source, path: p.path, permalink: p.permalink, title: p.title,
        content: p.content,
      }) + '\n');
    }
  }
  await hexo.exit();
})().catch(e => { console.error(e); process.exit(1); });
