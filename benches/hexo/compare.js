// Compare Hexo's posts and pages with the imported kuaixun site.
//   node compare.js DOCS.jsonl HEXO_PUBLIC KUAIXUN_SITE [KUAIXUN_PUBLIC]
// DOCS.jsonl comes from dump.js. With KUAIXUN_PUBLIC (kuaixun's build of the site), for
// each post: the file Hexo wrote (its `path`, as Hexo's router names files) must exist in
// kuaixun's output too (URL identical), and the post's text (tags stripped, whitespace
// normalised) must be the same; every asset file Hexo wrote must be there too.
// Without a build (the core cannot build pages and bundles yet), and always for pages: the
// URLs and asset locations the imported files give under the content contract (issue 12:
// `url:`, else the path under content/pages; a bundle's files at its URL folder) are
// compared with Hexo's. Prints one line per document and summaries.
'use strict';
const fs = require('fs');
const path = require('path');
const [postsFile, hexoPublic, kxSite, kxPublic] = process.argv.slice(2);

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
const docs = fs.readFileSync(postsFile, 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l));
for (const post of docs) {
  if (post.kind === 'page') continue;
  postFiles.add(fileOf(post.path));
  if (!kxPublic) continue;
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
const walk = (dir, base = dir) => !fs.existsSync(dir) ? [] : fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
  e.isDirectory() ? walk(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]);
const assets = walk(hexoPublic).filter(f => !/\.(html|css|js|xml|json)$/.test(f) && !postFiles.has(f));
if (kxPublic) {
  const missing = assets.filter(f => !isFile(path.join(kxPublic, f)));
  for (const f of missing) console.log(`asset missing in kuaixun's output: ${f}`);
  console.log(`assets at the same path: ${assets.length - missing.length}/${assets.length}`);
}

// What the imported files will give under the contract (no build needed).
const frontMatter = file => {
  const text = fs.readFileSync(file, 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  const fm = {};
  for (const l of (m ? m[1] : '').split('\n')) {
    const kv = /^([A-Za-z_]+): (.*)$/.exec(l);
    if (kv) fm[kv[1]] = kv[2].replace(/^"(.*)"$/, '$1');
  }
  return fm;
};
const config = fs.readFileSync(path.join(kxSite, 'config.yaml'), 'utf8');
const permalink = (/^permalink: (\S+)/m.exec(config) || [])[1] || '/:year/:month/:day/:slug/';
const content = path.join(kxSite, 'content');
const md = walk(content).filter(f => f.endsWith('.md')).map(f => f.replace(/\\/g, '/'));
// The URL of one content file: `url:`, a page's path, or the permalink with the post's
// date and slug (the folder name for a bundle).
const urlOf = rel => {
  const fm = frontMatter(path.join(content, rel));
  if (fm.url) return fm.url;
  const noExt = rel.replace(/\.md$/, '').replace(/(^|\/)index$/, '');
  if (rel.startsWith('pages/')) return `/${noExt.slice('pages/'.length)}/`;
  const [y, mo, d] = (fm.date || '').slice(0, 10).split('-');
  const slug = fm.slug || noExt.split('/').pop();
  if (/:(?!year|month|day|slug)[a-z]/.test(permalink)) return null;
  return permalink.replace(':year', y).replace(':month', mo).replace(':day', d).replace(':slug', slug);
};
const pageUrls = new Map();
for (const rel of md.filter(f => f.startsWith('pages/'))) pageUrls.set(urlOf(rel), rel);
// NexT's placeholder pages (`type: tags`): kuaixun writes these URLs itself.
const own = new Set(['/tags/', '/categories/']);
let pages = 0, samePage = 0;
for (const doc of docs.filter(d => d.kind === 'page')) {
  pages++;
  const url = '/' + doc.path.replace(/^\/+/, '').replace(/(^|\/)index\.html$/, '$1');
  const rel = pageUrls.get(url);
  if (rel || own.has(url)) samePage++;
  console.log(`page ${doc.source}: ${url} ${rel ? `URL identical (content/${rel})` : own.has(url) ? "kuaixun's own page" : 'URL differs: no imported page has it'}`);
}
// Posts: the URL their imported file gives (`_posts/a.md` → posts/a.md or posts/a/index.md).
let predictedPosts = 0, samePredicted = 0;
for (const doc of docs.filter(d => d.kind !== 'page')) {
  const stem = doc.source.replace(/^_posts\//, 'posts/').replace(/^_drafts\//, 'drafts/').replace(/\.(md|markdown)$/, '');
  const rel = [`${stem}.md`, `${stem}/index.md`].find(f => isFile(path.join(content, f)));
  if (!rel) continue;
  predictedPosts++;
  const url = urlOf(rel);
  const hexoUrl = '/' + doc.path.replace(/^\/+/, '').replace(/(^|\/)index\.html$/, '$1');
  if (url === hexoUrl) samePredicted++;
  else console.log(`post ${doc.source}: content/${rel} gives ${url}, Hexo wrote ${hexoUrl}`);
}
console.log(`posts: URLs the imported files give identical to Hexo's ${samePredicted}/${predictedPosts}`);
// Where the contract puts each file of the imported site: static/ as it is, a bundle's
// files at its URL folder (`x.html` → `x/`).
const predicted = new Set(walk(path.join(kxSite, 'static')).map(f => f.replace(/\\/g, '/')));
for (const rel of md.filter(f => /(^|\/)index\.md$/.test(f))) {
  const dir = path.posix.dirname(rel);
  const url = urlOf(rel);
  const files = walk(path.join(content, dir)).map(f => f.replace(/\\/g, '/')).filter(f => f !== 'index.md');
  if (!files.length) continue;
  if (url == null) { console.log(`bundle content/${rel}: URL not predictable here`); continue; }
  const folder = url.endsWith('/') ? url : url.replace(/\.html?$/, '') + '/';
  for (const f of files) predicted.add((folder + f).replace(/^\//, ''));
}
const notPredicted = assets.filter(f => !predicted.has(f.replace(/\\/g, '/')));
for (const f of notPredicted) console.log(`asset not where the import puts it: ${f}`);
console.log(`pages: URLs identical ${samePage}/${pages}; assets where the import puts them (contract): ${assets.length - notPredicted.length}/${assets.length}`);
console.log(`SUMMARY ${sameUrl} ${sameText} ${sameShape} ${total} ${samePage} ${pages} ${assets.length - notPredicted.length} ${assets.length}`);
