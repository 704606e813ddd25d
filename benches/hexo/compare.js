// Compare Hexo's posts with kuaixun's build of the imported site.
//   node compare.js POSTS.jsonl HEXO_PUBLIC KUAIXUN_PUBLIC
// POSTS.jsonl comes from dump.js. For each post: the file Hexo wrote (its `path`, as
// Hexo's router names files) must exist in kuaixun's output too (URL identical), and the
// post's text (tags stripped, whitespace normalised) must be the same. Prints one line per
// post and a summary; exits 1 when a URL differs.
'use strict';
const fs = require('fs');
const path = require('path');
const [postsFile, hexoPublic, kxPublic] = process.argv.slice(2);

// hexo/lib/hexo/router.js `format`: a path ending in `/` is a folder with index.html.
const fileOf = p => {
  p = p.replace(/^\/+/, '').replace(/\?.*$/, '');
  return !p || p.endsWith('/') ? p + 'index.html' : p;
};
// Inline tags (kuaixun's highlighting spans) go without a trace, others leave a space;
// kuaixun's figure captions ("图 1：…", numbered figures) are its own and left out.
const text = html => html
  .replace(/<script[\s\S]*?<\/script>/g, '')
  .replace(/<figcaption[\s\S]*?<\/figcaption>/g, '')
  .replace(/<td class="gutter">[\s\S]*?<\/td>/g, '')
  .replace(/<\/?(span|a|em|strong|code|b|i)\b[^>]*>/g, '')
  .replace(/<[^>]+>/g, ' ')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&#39;|&#x27;/g, "'").replace(/&amp;/g, '&')
  .replace(/\s+/g, ' ').trim();
// kuaixun's article body: inside <div class="post-content"> … </div> before the footer.
const kxBody = html => {
  const a = html.indexOf('<div class="post-content">');
  const b = html.indexOf('<footer class="post-footer">', a);
  if (a < 0 || b < 0) return null;
  return html.slice(a + '<div class="post-content">'.length, html.lastIndexOf('</div>', b));
};

const isFile = f => { try { return fs.statSync(f).isFile(); } catch { return false; } };
const postFiles = new Set();
let total = 0, sameUrl = 0, sameText = 0, sameShape = 0;
for (const line of fs.readFileSync(postsFile, 'utf8').split('\n').filter(Boolean)) {
  const post = JSON.parse(line);
  total++;
  const file = fileOf(post.path);
  postFiles.add(file);
  const hexoHas = isFile(path.join(hexoPublic, file));
  // kuaixun writes a page for every URL into a folder (`a` → `a/index.html`).
  const candidates = [file];
  if (!file.endsWith('.html') && !file.endsWith('.htm')) candidates.push(file + '/index.html');
  const kxFile = candidates.find(f => isFile(path.join(kxPublic, f)));
  const exact = kxFile === file;
  if (exact) sameUrl++;
  let textNote = '';
  if (kxFile) {
    const body = kxBody(fs.readFileSync(path.join(kxPublic, kxFile), 'utf8'));
    const a = text(post.content), b = body == null ? null : text(body);
    // Whitespace is not compared at all: Hexo's block figures and kuaixun's inline code
    // put different spaces around the same words.
    const squeeze = t => t == null ? null : t.replace(/\s+/g, '');
    // Structure: headings, list items, images and code blocks counted on both sides.
    const shape = h => ['<h[1-6][ >]', '<li[ >]', '<img ', '<pre[ >]']
      .map(t => (h.match(new RegExp(t, 'g')) || []).length).join('/');
    const hexoShape = shape(post.content.replace(/<td class="gutter">[\s\S]*?<\/td>/g, ''));
    const kxShape = body == null ? null : shape(body);
    if (squeeze(a) === squeeze(b)) { sameText++; textNote = 'text identical'; }
    else textNote = `text differs:\n      hexo:    ${a}\n      kuaixun: ${b}`;
    if (hexoShape === kxShape) { sameShape++; textNote += ', structure identical'; }
    else textNote += `, structure differs (headings/list items/images/code blocks): hexo ${hexoShape}, kuaixun ${kxShape}`;
  }
  const urlNote = exact ? 'URL identical'
    : kxFile ? `URL differs: kuaixun wrote ${kxFile} (Hexo wrote ${file}, a file without extension)`
    : `URL differs: kuaixun has no ${file}`;
  console.log(`${post.source}: /${post.path.replace(/^\//, '')} ${hexoHas ? '' : '(not in Hexo public/!) '}${urlNote}; ${textNote}`);
}
// Asset files (images and other non-page files Hexo copied) must be at the same paths.
const walk = (dir, base = dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
  e.isDirectory() ? walk(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]);
const assets = walk(hexoPublic).filter(f => !/\.(html|css|js|xml|json)$/.test(f) && !postFiles.has(f));
const missing = assets.filter(f => !isFile(path.join(kxPublic, f)));
for (const f of missing) console.log(`asset missing in kuaixun's output: ${f}`);
console.log(`assets at the same path: ${assets.length - missing.length}/${assets.length}`);
console.log(`SUMMARY ${sameUrl} ${sameText} ${sameShape} ${total}`);
