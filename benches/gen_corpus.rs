//! Benchmark corpus generator for kuaixun: N synthetic Chinese tech-news articles (about 4 KB
//! of Markdown each) plus a `config.yaml`, fully determined by `--seed`.
//!
//! ```sh
//! cargo bench --bench gen_corpus -- --articles 10000 --out /dev/shm/kuaixun-bench/corpus-10000 --seed 42
//! ```
//!
//! Layout: `OUT/config.yaml`, `OUT/content/posts/<NN>/<NNNNN>.md` (1,000 files per folder)
//! and `OUT/.gen_corpus` (a stamp naming the article count and seed). Article `i` depends only
//! on the seed and `i`, so the 1,000-article corpus is the first 1,000 articles of the
//! 10,000-article one. All text is written for this file; dates fall in 2022–2024, so no
//! article is hidden as "future".
//!
//! `--shape weekly` writes the other corpus instead: ~2.5 KB articles shaped like a tech
//! weekly (`1、[标题](url)` link items, quotes, remote images, a code block in 30%;
//! `gen_corpus/weekly.rs`). The benchmarks report both shapes.
//!
//! Std only (no crates), so it also builds with plain `rustc -O benches/gen_corpus.rs`.
//! Unknown flags (such as the `--bench` that `cargo bench` passes) are ignored.

#[path = "gen_corpus/weekly.rs"]
mod weekly;

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Bumped whenever the output for a given seed changes (kept in the stamp file).
const FORMAT: u32 = 1;
const STAMP: &str = ".gen_corpus";
const PER_DIR: usize = 1000;

// ---------------------------------------------------------------------------------------------
// Vocabulary. Every sentence, title part and snippet below was written for this generator.

/// 40 tag names; every one slugs (pinyin or ASCII) to a distinct URL segment.
const TAGS: [&str; 40] = [
    "人工智能",
    "芯片",
    "开源",
    "云计算",
    "GPU",
    "Rust",
    "大模型",
    "半导体",
    "数据中心",
    "操作系统",
    "网络安全",
    "自动驾驶",
    "量子计算",
    "编程语言",
    "智能手机",
    "机器人",
    "数据库",
    "边缘计算",
    "RISC-V",
    "Linux",
    "存储",
    "通信",
    "5G",
    "物联网",
    "区块链",
    "开发工具",
    "前端",
    "WebAssembly",
    "Kubernetes",
    "隐私",
    "监管",
    "融资",
    "电动汽车",
    "卫星",
    "游戏",
    "虚拟现实",
    "编译器",
    "显卡",
    "能源",
    "Python",
];

const CATEGORIES: [&str; 6] = ["业界", "硬件", "软件", "前沿科技", "互联网", "评论"];

const AUTHORS: [&str; 12] = [
    "张伟",
    "李娜",
    "王磊",
    "陈静",
    "刘洋",
    "赵敏",
    "孙浩",
    "周婷",
    "吴昊",
    "郑颖",
    "快讯编辑部",
    "Alex Chen",
];

const SOURCES: [(&str, &str); 6] = [
    ("示例通讯社", "https://wire.example.com"),
    ("东方科技报", "https://tech-daily.example.org"),
    ("硅谷观察", "https://valley.example.net"),
    ("开源周刊", "https://oss-weekly.example.com"),
    ("芯片前线", "https://chip-front.example.org"),
    ("云端评论", "https://cloud-review.example.net"),
];

/// Fictional companies.
const COMPANIES: [&str; 10] = [
    "星河科技",
    "云杉半导体",
    "北辰智能",
    "青松云",
    "蓝鲸数据",
    "极光汽车",
    "启明软件",
    "长风通信",
    "远山机器人",
    "墨石存储",
];

const PRODUCTS: [&str; 14] = [
    "H200 级加速卡",
    "RISC-V 开发板",
    "Rust 编译器插件",
    "Kubernetes 发行版",
    "端侧大模型",
    "液冷服务器",
    "新一代存储控制器",
    "自动驾驶芯片",
    "5G 专网方案",
    "开源数据库",
    "WebAssembly 运行时",
    "量子计算云平台",
    "折叠屏手机",
    "Linux 发行版",
];

const CLAIMS: [&str; 12] = [
    "显存带宽提升 40%",
    "能效比翻倍",
    "推理成本下降七成",
    "首批客户已在测试",
    "年内量产",
    "性能提升约 30%",
    "全面兼容现有生态",
    "开发者可免费试用",
    "支持长上下文",
    "功耗降低一半",
    "延迟降至毫秒级",
    "价格下探至千元",
];

const TOPICS: [&str; 10] = [
    "芯片观察",
    "开源周报",
    "云计算简报",
    "安全速递",
    "大模型动态",
    "汽车科技",
    "开发者说",
    "深度",
    "快评",
    "产业链调查",
];

const QUESTIONS: [&str; 10] = [
    "先进封装为何一票难求",
    "RISC-V 能否走出嵌入式",
    "Rust 进入内核之后",
    "GPU 租赁价格还会跌吗",
    "开源许可证的边界在哪里",
    "端侧推理的账怎么算",
    "数据中心的电从哪里来",
    "Python 的性能困局",
    "自动驾驶商业化还差什么",
    "卫星互联网的下一步",
];

const RELEASES: [(&str, &str); 6] = [
    ("Rust", "1."),
    ("Python", "3."),
    ("Linux", "6."),
    ("Kubernetes", "1."),
    ("Go", "1."),
    ("TypeScript", "5."),
];

const FEATURES: [&str; 8] = [
    "异步能力再增强",
    "编译速度明显提升",
    "默认启用新调度器",
    "移除多项过时接口",
    "内存占用下降",
    "改进错误提示",
    "新增实验性功能",
    "安全修复为主",
];

const PURPOSES: [&str; 6] = [
    "将加码芯片研发",
    "扩建测试产线",
    "押注端侧模型",
    "拓展海外市场",
    "招募开源维护者",
    "布局储能业务",
];

/// About 60 sentences of tech news, each standing alone.
const SENTENCES: [&str; 62] = [
    "据知情人士透露，新一代加速卡将在明年第一季度小批量出货，首批客户以大型云服务商为主。",
    "业内分析认为，先进封装产能仍然是制约高端芯片供应的关键环节。",
    "该公司在发布会上表示，新模型在代码生成和长文本理解两项测试中均有明显提升。",
    "开源社区对这一许可证变更反应强烈，多个下游项目已经开始讨论是否分叉。",
    "从财报数据看，云计算业务的营收同比增长超过三成，利润率也在稳步回升。",
    "研究团队在论文中指出，通过改进纠错码，逻辑量子比特的错误率降低了一个数量级。",
    "多位开发者反馈，升级到新版本后编译时间缩短了约 20%，内存占用也有所下降。",
    "监管部门近日发布征求意见稿，要求生成式服务在上线前完成安全评估并进行备案。",
    "这款手机搭载自研影像芯片，官方称夜景拍摄的噪点控制较上一代有显著改善。",
    "数据中心的耗电量持续攀升，液冷方案正从试点走向规模化部署。",
    "分析师预计，今年全球服务器出货量将温和回升，其中 AI 服务器占比继续提高。",
    "项目维护者在博客中解释了重写核心模块的原因：旧代码难以保证内存安全。",
    "这次更新引入了新的调度器，在高并发场景下尾延迟下降明显。",
    "自动驾驶公司宣布在三座城市扩大无人驾驶测试范围，并开放部分路段的公众试乘。",
    "新发布的开发板采用 RISC-V 架构，主打低功耗与可定制，售价不到两百元。",
    "安全研究人员披露了一个影响多款路由器的远程执行漏洞，厂商已推送补丁。",
    "与去年相比，国内开源基金会托管的项目数量翻了一番，贡献者结构也更加多元。",
    "该框架的 2.0 版本重构了插件接口，旧插件需要少量修改才能继续使用。",
    "业内人士提醒，模型参数规模并不是衡量能力的唯一指标，数据质量同样重要。",
    "卫星互联网星座本月又完成一次批量发射，在轨卫星数量已超过计划的一半。",
    "芯片设计公司正在尝试用大模型辅助编写验证用例，以缩短流片前的验证周期。",
    "一位不愿具名的工程师表示，团队花了近半年时间才把推理成本降到可接受的水平。",
    "根据公开的基准测试结果，新处理器单核性能提升约 15%，多核性能提升更为明显。",
    "浏览器厂商宣布将在下个版本默认启用 WebAssembly 的垃圾回收提案。",
    "多家车企下调了电动汽车的售价，价格战正从入门车型蔓延到中高端市场。",
    "该数据库新增了向量检索能力，用户无需额外部署独立的向量引擎。",
    "操作系统内核社区正在讨论进一步扩大 Rust 驱动的覆盖范围。",
    "这笔融资将主要用于扩充研发团队和建设新的测试产线。",
    "业内普遍认为，端侧模型会成为下一阶段智能手机竞争的焦点之一。",
    "为降低迁移门槛，官方同时提供了自动转换工具和详细的升级指南。",
    "在存储领域，新一代高带宽内存的良率仍是各家厂商比拼的重点。",
    "报告显示，超过六成的受访企业已经在生产环境中使用容器编排平台。",
    "这项标准的制定历时三年，参与单位包括高校、运营商和设备厂商。",
    "一些早期用户抱怨新界面的学习成本偏高，但也有人认为操作逻辑更加清晰。",
    "团队表示，后续版本会逐步公开训练数据的来源说明，以回应外界对透明度的关切。",
    "受出口管制影响，部分高端加速卡在国内市场的价格出现明显波动。",
    "编译器团队引入了增量编译缓存，大型项目的二次构建速度提升了数倍。",
    "有观点认为，开源模型与闭源模型之间的差距正在缩小，但在复杂推理任务上仍有距离。",
    "该机器人可以在仓库中自主完成拣选和搬运，单台设备每小时可处理数百件货物。",
    "根据路线图，5G 专网将在更多工厂和港口落地，支撑远程控制等低时延应用。",
    "安全团队建议用户尽快更新，并检查系统中是否存在异常的计划任务。",
    "新版本的 Python 解释器在启动速度上有明显改进，部分脚本运行时间缩短近一半。",
    "虚拟现实头显的出货量连续两个季度下滑，厂商开始把重心转向轻量化设备。",
    "这家初创公司的核心团队来自多家头部互联网企业，此前主要从事分布式系统研发。",
    "在能源领域，储能电站的建设速度加快，对电池管理系统的要求也越来越高。",
    "游戏引擎开发商调整了收费模式，引发不少独立开发者的讨论。",
    "该项目采用 Apache-2.0 许可证发布，代码托管在公开仓库中，欢迎社区提交补丁。",
    "从技术细节看，新方案把数据预处理放在 GPU 上完成，减少了主机与设备之间的拷贝。",
    "运营商表示，将在年内完成核心网的云化改造，并逐步关停老旧设备。",
    "记者在现场看到，展台前排起了长队，不少观众专程前来体验新品。",
    "物联网设备数量激增，使得固件更新和身份认证成为新的安全难题。",
    "区块链项目方宣布暂停部分业务，并表示将配合相关部门的调查。",
    "对开发者而言，更重要的是工具链是否稳定、文档是否完善。",
    "该公司首席技术官在采访中强调，长期投入基础软件是建立竞争力的关键。",
    "测试数据显示，在同等功耗下，新架构的能效比提高了约 30%。",
    "部分高校已经开设相关课程，希望为产业输送更多具备实战经验的人才。",
    "边缘计算节点的部署让视频分析可以在本地完成，显著降低了回传带宽。",
    "目前该功能仍处于预览阶段，官方不建议在关键业务中使用。",
    "值得注意的是，此次发布并未公布具体的量产时间表。",
    "从长远看，软硬件协同设计将决定下一代计算平台的上限。",
    "社区志愿者已经把文档翻译成十余种语言，新手入门的门槛明显降低。",
    "有消息称，该厂商正在评估在海外建设第二座晶圆厂的可行性。",
];

/// Bold lead-ins ending in Chinese punctuation, followed directly by Chinese text
/// (`**这意味着什么？**业内…`), which exercises CJK-aware emphasis.
const BOLD: [&str; 8] = [
    "真正的瓶颈在于供应链。",
    "性能提升并非免费的午餐。",
    "这意味着什么？",
    "开源不等于免费。",
    "安全永远是第一位的。",
    "成本才是决定性因素。",
    "生态比参数更重要。",
    "这一次有什么不同？",
];

const HEADINGS: [&str; 14] = [
    "背景",
    "技术细节",
    "市场影响",
    "行业反应",
    "专家观点",
    "后续计划",
    "性能对比",
    "争议与质疑",
    "开发者怎么看",
    "写在最后",
    "为什么是 Rust？",
    "RISC-V 的机会",
    "成本账",
    "供应链",
];

const LINKS: [(&str, &str); 5] = [
    ("相关报道", "https://news.example.com/archive/"),
    ("项目主页", "https://example.org/projects/"),
    ("原始论文", "https://papers.example.net/abs/"),
    ("官方公告", "https://blog.example.com/posts/"),
    ("发布说明", "https://example.org/releases/"),
];

const CODE_RUST: &str = r#"use std::collections::HashMap;

/// 统计每个标签出现的次数。
fn count_tags(articles: &[Article]) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for a in articles {
        for t in &a.tags {
            *counts.entry(t.as_str()).or_insert(0) += 1;
        }
    }
    counts
}

fn main() {
    println!("tags: {}", count_tags(&load()).len());
}"#;

const CODE_PYTHON: &str = r#"import asyncio
import json

async def fetch_scores(client, model: str) -> dict:
    """拉取基准测试分数。"""
    resp = await client.get(f"/api/bench/{model}")
    resp.raise_for_status()
    return json.loads(resp.text)

async def main():
    models = ["base", "large", "xl"]
    results = await asyncio.gather(*(fetch_scores(c, m) for m in models))
    for name, score in zip(models, results):
        print(f"{name:>6}: {score['avg']:.2f}")

asyncio.run(main())"#;

const CODE_TS: &str = r#"interface Article {
  title: string;
  tags: string[];
  date: Date;
}

// 按日期倒序排列，只保留最近的文章
export function latest(items: Article[], n = 10): Article[] {
  return [...items]
    .sort((a, b) => b.date.getTime() - a.date.getTime())
    .slice(0, n);
}

const byTag = (tag: string) => (a: Article) => a.tags.includes(tag);
console.log(latest(all.filter(byTag("GPU"))).length);
export default latest;"#;

const CODE_GO: &str = r#"package main

import (
	"fmt"
	"sync"
)

// 并发抓取多个数据中心的功耗读数
func main() {
	var wg sync.WaitGroup
	readings := make([]float64, 8)
	for i := range readings {
		wg.Add(1)
		go func(i int) { defer wg.Done(); readings[i] = probe(i) }(i)
	}
	wg.Wait()
	fmt.Println("total kW:", sum(readings))
}"#;

const CODE_TOML: &str = r#"[package]
name = "edge-agent"
version = "0.3.1"
edition = "2021"

# 边缘节点上的采集代理
[dependencies]
tokio = { version = "1", features = ["rt", "net"] }
serde = { version = "1", features = ["derive"] }

[profile.release]
lto = true
codegen-units = 1
strip = true
panic = "abort""#;

const CODE_BASH: &str = r#"#!/usr/bin/env bash
set -euo pipefail

# 下载模型权重并校验
MODEL_DIR=${MODEL_DIR:-/srv/models}
mkdir -p "$MODEL_DIR"
for part in 01 02 03; do
  echo "fetching part $part"
  cp "/mnt/mirror/model-$part.bin" "$MODEL_DIR/"
done
sha256sum -c checksums.txt
du -sh "$MODEL_DIR"
echo "done"
systemctl restart inference.service
journalctl -u inference.service -n 20"#;

const CODE: [(&str, &str); 6] = [
    ("rust", CODE_RUST),
    ("python", CODE_PYTHON),
    ("typescript", CODE_TS),
    ("go", CODE_GO),
    ("toml", CODE_TOML),
    ("bash", CODE_BASH),
];

// ---------------------------------------------------------------------------------------------
// PRNG: SplitMix64, one independent stream per article.

struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_add(1).wrapping_mul(0xD134_2543_DE82_EF95));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// Index skewed towards the front (a few tags are very common, most are rare).
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b)
    }
}

// ---------------------------------------------------------------------------------------------
// Dates: a uniformly random second in 2022-01-01 00:00:00 ..= 2024-12-31 23:59:59.

/// Proleptic Gregorian date from days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn random_date(rng: &mut Rng) -> String {
    const START_DAY: i64 = 18_993; // 2022-01-01
    const DAYS: usize = 1096; // 2022, 2023, 2024 (leap)
    let day = START_DAY + rng.below(DAYS) as i64;
    let (y, m, d) = civil_from_days(day);
    // News is published mostly during the day.
    let hour = if rng.chance(85) {
        rng.range(7, 22)
    } else {
        rng.below(24)
    };
    format!(
        "{y:04}-{m:02}-{d:02} {hour:02}:{:02}:{:02}",
        rng.below(60),
        rng.below(60)
    )
}

// ---------------------------------------------------------------------------------------------
// One article.

fn title(rng: &mut Rng, index: usize) -> String {
    let base = match rng.below(5) {
        0 | 1 => format!(
            "{}发布{}：{}",
            rng.pick(&COMPANIES),
            rng.pick(&PRODUCTS),
            rng.pick(&CLAIMS)
        ),
        2 => format!("{}：{}", rng.pick(&TOPICS), rng.pick(&QUESTIONS)),
        3 => {
            let (name, major) = rng.pick(&RELEASES);
            format!(
                "{name} {major}{} 发布：{}",
                rng.range(2, 40),
                rng.pick(&FEATURES)
            )
        }
        _ => format!(
            "{}完成新一轮融资，{}",
            rng.pick(&COMPANIES),
            rng.pick(&PURPOSES)
        ),
    };
    format!("{base}（{index}）")
}

fn yaml_list(out: &mut String, key: &str, items: &[&str], block: bool) {
    if block {
        let _ = writeln!(out, "{key}:");
        for item in items {
            let _ = writeln!(out, "  - {item}");
        }
    } else {
        let _ = writeln!(out, "{key}: [{}]", items.join(", "));
    }
}

fn front_matter(rng: &mut Rng, index: usize, out: &mut String) {
    out.push_str("---\n");
    let _ = writeln!(out, "title: {}", title(rng, index));
    let _ = writeln!(out, "date: {}", random_date(rng));
    let mut tags: Vec<&str> = Vec::with_capacity(4);
    let want = rng.range(1, 4);
    while tags.len() < want {
        let t = TAGS[rng.skewed(TAGS.len())];
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let block = rng.chance(25);
    yaml_list(out, "tags", &tags, block);
    let category = CATEGORIES[rng.skewed(CATEGORIES.len())];
    if rng.chance(30) {
        let _ = writeln!(out, "categories: {category}");
    } else {
        yaml_list(out, "categories", &[category], block);
    }
    let _ = writeln!(out, "author: {}", rng.pick(&AUTHORS));
    if rng.chance(40) {
        let (name, site) = rng.pick(&SOURCES);
        let _ = writeln!(out, "source: {name}");
        if rng.chance(70) {
            let _ = writeln!(out, "source_url: {site}/a/{index}.html");
        }
    }
    let _ = writeln!(out, "slug: post-{index}");
    out.push_str("---\n\n");
}

/// Items of a list in a random order, dealt without repeats until the list runs out (an
/// article needs about 35 of the 62 sentences and fewer than 14 headings).
struct Deck {
    items: &'static [&'static str],
    order: Vec<usize>,
    next: usize,
}

impl Deck {
    fn shuffled(rng: &mut Rng, items: &'static [&'static str]) -> Deck {
        let mut order: Vec<usize> = (0..items.len()).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        Deck {
            items,
            order,
            next: 0,
        }
    }

    fn deal(&mut self) -> &'static str {
        let s = self.items[self.order[self.next % self.order.len()]];
        self.next += 1;
        s
    }

    /// A paragraph of `n` items, on one line.
    fn paragraph(&mut self, n: usize) -> String {
        let mut p = String::new();
        for _ in 0..n {
            p.push_str(self.deal());
        }
        p
    }
}

/// Chinese punctuation that must not start a line (避头尾).
fn no_line_start(c: char) -> bool {
    "，。、；：？！）」』》”’…—".contains(c)
}

/// Break `p` into lines of about `width` characters, only between two non-ASCII characters,
/// so no Latin word, URL or `**` marker is split.
fn hard_wrap(p: &str, width: usize) -> String {
    let mut out = String::with_capacity(p.len() + p.len() / 32);
    let mut col = 0;
    let mut prev: Option<char> = None;
    for c in p.chars() {
        if col >= width && !c.is_ascii() && !no_line_start(c) && prev.is_some_and(|p| !p.is_ascii())
        {
            out.push('\n');
            col = 0;
        }
        out.push(c);
        col += 1;
        prev = Some(c);
    }
    out
}

fn table(rng: &mut Rng) -> String {
    let mut t = String::new();
    match rng.below(3) {
        0 => {
            t.push_str("| 指标 | 上一代 | 新一代 |\n|---|---|---|\n");
            let nm = rng.range(3, 7);
            let _ = writeln!(t, "| 制程 | {}nm | {}nm |", nm + 2, nm);
            let mem = rng.range(40, 96);
            let _ = writeln!(t, "| 显存 | {mem} GB | {} GB |", mem + rng.range(16, 64));
            let w = rng.range(300, 500);
            let _ = writeln!(t, "| 功耗 | {w} W | {} W |", w + rng.range(50, 250));
        }
        1 => {
            t.push_str("| 厂商 | 份额 | 同比 |\n|:---|---:|---:|\n");
            let mut left = 100;
            for c in COMPANIES.iter().skip(rng.below(6)).take(3) {
                let share = rng.range(5, left / 2);
                left -= share;
                let _ = writeln!(
                    t,
                    "| {c} | {share}% | {:+}% |",
                    rng.range(0, 30) as i64 - 10
                );
            }
            let _ = writeln!(t, "| 其他 | {left}% | — |");
        }
        _ => {
            t.push_str("| 版本 | 发布时间 | 主要变化 |\n|---|---|---|\n");
            let major = rng.range(1, 5);
            for minor in 0..rng.range(2, 4) {
                let _ = writeln!(
                    t,
                    "| {major}.{minor} | {} 年 {} 月 | {} |",
                    rng.range(2022, 2024),
                    rng.range(1, 12),
                    rng.pick(&FEATURES)
                );
            }
        }
    }
    t
}

fn code_block(rng: &mut Rng) -> String {
    let (lang, code) = rng.pick(&CODE);
    let lines = rng.range(5, 15);
    let mut b = format!("```{lang}\n");
    for line in code.lines().take(lines) {
        b.push_str(line);
        b.push('\n');
    }
    b.push_str("```\n");
    b
}

/// The whole Markdown file of article `index`.
fn article(seed: u64, index: usize) -> String {
    let mut rng = Rng::new(seed, index as u64);
    let mut out = String::with_capacity(5 * 1024);
    front_matter(&mut rng, index, &mut out);

    let target = rng.range(2900, 4300);
    let with_more = rng.chance(50);
    let with_image = rng.chance(20);
    let with_table = rng.chance(15);
    let with_code = rng.chance(30);

    // Extra blocks first, so the paragraphs can fill the rest of the size budget.
    let mut extras: Vec<String> = Vec::new();
    if with_image {
        extras.push("![示意图](/images/x.svg)\n".to_string());
    }
    if with_table {
        extras.push(table(&mut rng));
    }
    if with_code {
        extras.push(code_block(&mut rng));
    }
    let extra_len: usize = extras.iter().map(|e| e.len() + 1).sum();

    let mut deck = Deck::shuffled(&mut rng, &SENTENCES);
    let mut headings = Deck::shuffled(&mut rng, &HEADINGS);
    let mut blocks: Vec<String> = Vec::new();
    let lead_n = rng.range(2, 4);
    blocks.push(deck.paragraph(lead_n));
    let lead_blocks = if with_more {
        blocks.push("<!-- more -->".to_string());
        2
    } else {
        1
    };
    let mut size = blocks.iter().map(|b| b.len() + 2).sum::<usize>() + extra_len;
    while size < target || blocks.len() < lead_blocks + 2 {
        let heading = format!("## {}", headings.deal());
        size += heading.len() + 2;
        blocks.push(heading);
        for _ in 0..rng.range(1, 3) {
            let n = rng.range(2, 5);
            let p = deck.paragraph(n);
            size += p.len() + 2;
            blocks.push(p);
            if size >= target {
                break;
            }
        }
    }

    // A bold lead-in, an external link and (when there is an older article) an internal link,
    // each in a different body paragraph when possible.
    let paras: Vec<usize> = (lead_blocks..blocks.len())
        .filter(|&i| !blocks[i].starts_with('#'))
        .collect();
    let bold_at = rng.pick(&paras);
    blocks[bold_at] = format!("**{}**{}", rng.pick(&BOLD), blocks[bold_at]);
    let (text, url) = rng.pick(&LINKS);
    let link = format!("详见[{text}]({url}{}.html)。", rng.range(1000, 99_999));
    let link_at = rng.pick(&paras);
    blocks[link_at].push_str(&link);
    if index > 0 && rng.chance(60) {
        let other = rng.below(index);
        let at = rng.pick(&paras);
        let _ = write!(blocks[at], "延伸阅读：[此前的报道](/posts/post-{other}/)。");
    }
    if rng.chance(20) {
        blocks[0].push_str(&latin_aside(&mut rng));
    }

    // Hard-wrap some paragraphs (after inline markup is in place: wrapping never splits it).
    for b in blocks.iter_mut() {
        if !b.starts_with('#') && !b.starts_with('<') && rng.chance(35) {
            let width = rng.range(28, 40);
            *b = hard_wrap(b, width);
        }
    }

    // Extras go after a body paragraph, never before the first heading.
    for e in extras {
        let candidates: Vec<usize> = (lead_blocks..blocks.len())
            .filter(|&i| !blocks[i].starts_with('#'))
            .collect();
        let at = rng.pick(&candidates) + 1;
        blocks.insert(at, e.trim_end().to_string());
    }

    for b in &blocks {
        out.push_str(b);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// A short Latin-heavy sentence now and then (word counts, mixed-script slugs and search).
fn latin_aside(rng: &mut Rng) -> String {
    let (name, major) = rng.pick(&RELEASES);
    format!(
        "（英文原文：{name} {major}{} brings faster builds and better diagnostics.）",
        rng.range(2, 40)
    )
}

// ---------------------------------------------------------------------------------------------
// Command line and writing.

struct Args {
    articles: usize,
    out: PathBuf,
    seed: u64,
    weekly: bool,
}

const USAGE: &str =
    "usage: gen_corpus [--articles N] [--out DIR] [--seed S] [--shape default|weekly]
  --articles N   number of articles (default 1000)
  --out DIR      output folder (default target/bench-corpus)
  --seed S       PRNG seed (default 42)
  --shape S      `default` (~4 KB news articles) or `weekly` (~2.5 KB, link-dense)
Unknown flags are ignored.";

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        articles: 1000,
        out: PathBuf::from("target/bench-corpus"),
        seed: 42,
        weekly: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--articles" | "-n" => {
                let v = value("--articles")?;
                args.articles = v
                    .replace(['_', ','], "")
                    .parse()
                    .map_err(|_| format!("--articles: `{v}` is not a number"))?;
            }
            "--out" | "-o" => args.out = PathBuf::from(value("--out")?),
            "--seed" => {
                let v = value("--seed")?;
                args.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: `{v}` is not a number"))?;
            }
            "--shape" => match value("--shape")?.as_str() {
                "default" => args.weekly = false,
                "weekly" => args.weekly = true,
                other => return Err(format!("--shape: `{other}` is not default or weekly")),
            },
            "--help" | "-h" => return Ok(None),
            _ => {} // `--bench` from cargo, and anything else
        }
    }
    Ok(Some(args))
}

fn config_yaml() -> String {
    "title: 快讯基准测试\n\
     description: kuaixun 基准测试用的合成科技新闻语料\n\
     base_url: https://bench.example.com/\n\
     language: zh-CN\n\
     timezone: Asia/Shanghai\n\
     paginate: 10\n\
     permalink: /posts/:slug/\n\
     highlight_theme: InspiredGitHub\n"
        .to_string()
}

fn stamp_text(args: &Args) -> String {
    format!(
        "gen_corpus format={FORMAT} articles={} seed={} shape={}\n",
        args.articles,
        args.seed,
        if args.weekly { "weekly" } else { "default" }
    )
}

/// Clear what a previous run wrote; refuse to touch a folder that is not ours. The stamp is
/// written first as `incomplete` (so an interrupted run can be redone) and completed last.
fn prepare(out: &Path) -> Result<(), String> {
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    let stamp = out.join(STAMP);
    if out.exists() {
        let ours = stamp.is_file();
        let empty = fs::read_dir(out).map_err(|e| io(out, e))?.next().is_none();
        if !ours && !empty {
            return Err(format!(
                "{} exists, is not empty and was not written by gen_corpus (no {STAMP}); \
                 choose another --out or remove it",
                out.display()
            ));
        }
    } else {
        fs::create_dir_all(out).map_err(|e| io(out, e))?;
    }
    fs::write(&stamp, "gen_corpus incomplete\n").map_err(|e| io(&stamp, e))?;
    let config = out.join("config.yaml");
    if config.exists() {
        fs::remove_file(&config).map_err(|e| io(&config, e))?;
    }
    let content = out.join("content");
    if content.exists() {
        fs::remove_dir_all(&content).map_err(|e| io(&content, e))?;
    }
    let posts = content.join("posts");
    fs::create_dir_all(&posts).map_err(|e| io(&posts, e))
}

fn digits(n: usize) -> usize {
    n.max(1).ilog10() as usize + 1
}

fn generate(args: &Args) -> Result<u64, String> {
    prepare(&args.out)?;
    let posts = args.out.join("content/posts");
    let n = args.articles;
    let file_w = digits(n.saturating_sub(1)).max(5);
    let dir_w = digits(n.saturating_sub(1) / PER_DIR).max(2);
    let dirs = n.div_ceil(PER_DIR);
    for d in 0..dirs {
        let p = posts.join(format!("{d:0dir_w$}"));
        fs::create_dir_all(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(8);
    let chunk = n.div_ceil(threads).max(1);
    let results: Vec<Result<u64, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let posts = &posts;
                s.spawn(move || -> Result<u64, String> {
                    let mut bytes = 0u64;
                    for i in (t * chunk)..((t + 1) * chunk).min(n) {
                        let text = if args.weekly {
                            weekly::article(args.seed, i)
                        } else {
                            article(args.seed, i)
                        };
                        let path = posts
                            .join(format!("{:0dir_w$}", i / PER_DIR))
                            .join(format!("{i:0file_w$}.md"));
                        fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
                        bytes += text.len() as u64;
                    }
                    Ok(bytes)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("worker panicked".into())))
            .collect()
    });
    let mut total = 0;
    for r in results {
        total += r?;
    }
    let cfg = args.out.join("config.yaml");
    fs::write(&cfg, config_yaml()).map_err(|e| format!("{}: {e}", cfg.display()))?;
    // The stamp goes last: its presence means the corpus is complete.
    let stamp = args.out.join(STAMP);
    fs::write(&stamp, stamp_text(args)).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(total)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    match generate(&args) {
        Ok(bytes) => {
            let mb = bytes as f64 / (1024.0 * 1024.0);
            let avg = if args.articles == 0 {
                0.0
            } else {
                bytes as f64 / args.articles as f64 / 1024.0
            };
            println!(
                "gen_corpus: {} articles, {mb:.1} MB of Markdown ({avg:.1} KB each), seed {}, into {} in {:.2} s",
                args.articles,
                args.seed,
                args.out.display(),
                start.elapsed().as_secs_f64()
            );
            let _ = std::io::stdout().flush();
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
