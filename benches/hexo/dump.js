// Print every post Hexo loads from the blog in argv[2], as JSON lines:
// {source, path, permalink, content} (content is the rendered body HTML).
// Run from a folder whose node_modules holds hexo and hexo-renderer-marked.
'use strict';
const Hexo = require('hexo');
(async () => {
  const hexo = new Hexo(process.argv[2], { silent: true });
  await hexo.init();
  await hexo.load();
  const posts = hexo.locals.get('posts').sort('source').toArray();
  for (const p of posts) {
    process.stdout.write(JSON.stringify({
      source: p.source, path: p.path, permalink: p.permalink, content: p.content,
    }) + '\n');
  }
  await hexo.exit();
})().catch(e => { console.error(e); process.exit(1); });
