//! The `weekly` shape (`--shape weekly`): articles shaped like a Chinese tech weekly, about
//! 2.5 KB each — a short lead, sections of numbered link items (`1、[标题](url)` followed by
//! a one-line note), quotes, remote images, and one code block in 30% of them (bash, python,
//! rust, go or javascript). Link-dense short paragraphs are what real tech-news text looks
//! like, and they cost more per byte than the long prose of the default shape. Every title,
//! note and quote below was written for this generator.

use super::{front_matter, hard_wrap, Deck, Rng, CODE_BASH, CODE_GO, CODE_PYTHON, CODE_RUST};

const SECTIONS: [&str; 9] = [
    "本周新闻",
    "工具",
    "文章",
    "资源",
    "开源项目",
    "图片",
    "言论",
    "本周话题",
    "招聘与活动",
];

/// Titles of linked items.
const ITEMS: [&str; 40] = [
    "一个用 Rust 写的终端文件管理器",
    "浏览器里运行的 Linux 虚拟机",
    "国产数据库的开源之路",
    "如何给大模型写一份好的系统提示",
    "我把博客从 WordPress 迁到了静态站点",
    "一张图看懂 HTTP/3 的握手过程",
    "小团队的监控方案：从零到可用",
    "为什么我们放弃了微服务",
    "手机芯片的散热设计",
    "离线可用的中文分词库",
    "用 SQLite 做全文检索的十个技巧",
    "开源字体项目发布新版本",
    "终端里的 Markdown 预览工具",
    "CPU 缓存与性能优化入门",
    "向量数据库选型笔记",
    "一份面向初学者的 Git 教程",
    "在树莓派上部署家庭网关",
    "前端构建工具的十年变迁",
    "编写可维护的 Shell 脚本",
    "程序员的键盘布局实验",
    "Go 语言泛型的实际用法",
    "Python 类型标注的渐进式实践",
    "WebAssembly 组件模型进展",
    "如何阅读一篇系统论文",
    "自建邮件服务器还值得吗",
    "图解 TCP 拥塞控制",
    "开源项目的维护者困境",
    "命令行下的 JSON 处理工具",
    "一次线上故障的复盘",
    "把 CI 时间从 30 分钟降到 5 分钟",
    "卫星图像里的城市变迁",
    "电子墨水屏的新用途",
    "AI 生成代码的版权问题",
    "本地运行大模型的硬件指南",
    "日志系统的存储成本优化",
    "中文排版的标点挤压规则",
    "静态类型语言的编译速度比较",
    "老旧笔记本的重生计划",
    "数据可视化的配色原则",
    "游戏引擎中的物理模拟",
];

/// One-line notes under an item.
const NOTES: [&str; 30] = [
    "作者记录了整个过程，踩过的坑都写在文中。",
    "界面简洁，支持键盘操作，适合日常使用。",
    "文章比较长，但讲得很清楚，值得收藏。",
    "项目刚开源不久，文档还在完善中。",
    "附带一个在线演示，打开浏览器就能试。",
    "作者认为，复杂度才是真正的成本。",
    "用大量图示解释原理，新手也能看懂。",
    "数据来自公开渠道，结论仅供参考。",
    "支持 Linux、macOS 和 Windows 三个平台。",
    "一个周末就能搭起来，成本不到一百元。",
    "对比了五种方案，最后给出了选型建议。",
    "作者是该项目的核心维护者之一。",
    "有中文翻译，英文原文链接在文末。",
    "实测数据表明，优化后延迟下降了一半。",
    "评论区的讨论同样精彩。",
    "单文件程序，下载即可运行，无需安装。",
    "适合作为团队内部培训的材料。",
    "代码只有三百行，很适合学习。",
    "作者分享了他在大厂十年的经验。",
    "这是系列文章的第二篇，第一篇见上期。",
    "提供了 Docker 镜像，部署很方便。",
    "讲的是原理，不依赖任何特定框架。",
    "许可证为 MIT，可以放心用于商业项目。",
    "作者给出了完整的基准测试脚本。",
    "支持中文全文搜索，效果不错。",
    "图片很多，建议在电脑上阅读。",
    "一篇反思文章，观点可能有争议。",
    "附带示例仓库，可以直接克隆运行。",
    "由社区志愿者维护，欢迎参与。",
    "作者用一个小例子讲清了一个大问题。",
];

const QUOTES: [(&str, &str); 10] = [
    ("软件的复杂度不会消失，只会转移。", "一位架构师"),
    ("先让它能用，再让它正确，最后让它更快。", "编程格言"),
    ("文档是写给六个月后的自己的。", "某开源项目的贡献指南"),
    ("最好的代码是不用写的代码。", "一位资深工程师"),
    ("性能问题往往出在你没有测量的地方。", "读者来信"),
    ("工具应该让人专注于问题本身。", "本周访谈嘉宾"),
    ("开源的本质是协作，而不是免费。", "某基金会负责人"),
    ("每一次重写都会带来新的错误。", "一位维护者"),
    ("用户不会读说明书，所以界面就是说明书。", "一位设计师"),
    ("慢慢来，比较快。", "网友评论"),
];

const HOSTS: [&str; 8] = [
    "https://github.com/example-org/",
    "https://blog.example.com/posts/",
    "https://news.example.net/a/",
    "https://docs.example.org/guide/",
    "https://www.example.cn/article/",
    "https://weekly.example.com/issues/",
    "https://dev.example.io/p/",
    "https://papers.example.edu/abs/",
];

const CODE_JS: &str = r#"// 按标签筛选文章，并按日期倒序排列。
const byTag = (articles, tag) =>
  articles
    .filter((a) => a.tags.includes(tag))
    .sort((a, b) => b.date - a.date);

async function loadIndex(url) {
  const res = await fetch(url);
  if (!res.ok) {
    throw new Error(`加载失败：${res.status}`);
  }
  return res.json();
}

loadIndex("/search/index.json").then((index) => {
  console.log(byTag(index.articles, "Rust").length);
});"#;

const CODE: [(&str, &str); 5] = [
    ("bash", CODE_BASH),
    ("python", CODE_PYTHON),
    ("rust", CODE_RUST),
    ("go", CODE_GO),
    ("javascript", CODE_JS),
];

fn item_url(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(&HOSTS), rng.range(10_000, 9_999_999))
}

/// The whole Markdown file of article `index` in the weekly shape.
pub fn article(seed: u64, index: usize) -> String {
    let mut rng = Rng::new(seed ^ 0x7765_656B_6C79, index as u64);
    let mut out = String::with_capacity(3 * 1024);
    front_matter(&mut rng, index, &mut out);
    let target = out.len() + rng.range(2000, 3000);
    let mut sentences = Deck::shuffled(&mut rng, &super::SENTENCES);
    let mut items = Deck::shuffled(&mut rng, &ITEMS);
    let mut notes = Deck::shuffled(&mut rng, &NOTES);
    let mut sections = Deck::shuffled(&mut rng, &SECTIONS);

    out.push_str(&sentences.paragraph(rng.range(1, 2)));
    out.push_str("\n\n");
    if rng.chance(50) {
        out.push_str("<!-- more -->\n\n");
    }
    if rng.chance(40) {
        out.push_str(&format!(
            "![本期封面](https://img.example.com/weekly/{index}.jpg)\n\n"
        ));
    }
    let code_at = rng.chance(30).then(|| rng.range(0, 2));
    let mut section = 0;
    let mut number = 1;
    while out.len() < target {
        out.push_str("## ");
        out.push_str(sections.deal());
        out.push_str("\n\n");
        match rng.below(6) {
            0 => {
                let (quote, who) = rng.pick(&QUOTES);
                out.push_str(&format!("> {quote}\n>\n> ——{who}\n\n"));
            }
            1 => {
                // A bullet list of short links.
                for _ in 0..rng.range(3, 6) {
                    let url = item_url(&mut rng);
                    out.push_str(&format!("- [{}]({url})：{}\n", items.deal(), notes.deal()));
                }
                out.push('\n');
            }
            _ => {
                // Numbered items: `1、[标题](url)`, a note, sometimes an image.
                for _ in 0..rng.range(2, 5) {
                    let url = item_url(&mut rng);
                    out.push_str(&format!("{number}、[{}]({url})\n\n", items.deal()));
                    number += 1;
                    let note = notes.deal();
                    let note = if rng.chance(30) {
                        format!("{note}{}", sentences.deal())
                    } else {
                        note.to_string()
                    };
                    if rng.chance(25) {
                        out.push_str(&hard_wrap(&note, 30));
                    } else {
                        out.push_str(&note);
                    }
                    out.push_str("\n\n");
                    if rng.chance(10) {
                        out.push_str(&format!(
                            "![](https://img.example.com/weekly/{index}-{number}.png)\n\n"
                        ));
                    }
                }
            }
        }
        if code_at == Some(section) {
            let (lang, code) = rng.pick(&CODE);
            out.push_str(&format!("```{lang}\n"));
            for line in code.lines().take(rng.range(6, 14)) {
                out.push_str(line);
                out.push('\n');
            }
            out.push_str("```\n\n");
        }
        section += 1;
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
