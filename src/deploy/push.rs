//! Telling search engines about new and changed articles. A failed push is a warning, never
//! a failed deploy.
//!
//! - Baidu 普通收录 "API提交" (搜索资源平台 → 普通收录 → 资源提交 → API提交,
//!   <https://ziyuan.baidu.com/linksubmit/index>): `POST http://data.zz.baidu.com/urls?site=<site>&token=<token>`
//!   with `Content-Type: text/plain` and one URL per line. Success is
//!   `{"remain":N,"success":N,"not_same_site":[…],"not_valid":[…]}`, an error
//!   `{"error":401,"message":"token is not valid"}` (or `400 over quota`, …).
//! - IndexNow (<https://www.indexnow.org/documentation>): `POST https://api.indexnow.org/indexnow`
//!   with `Content-Type: application/json; charset=utf-8` and
//!   `{"host":…,"key":…,"keyLocation":…,"urlList":[…]}`; 200 or 202 means accepted, 400 bad
//!   request, 403 key not valid, 422 URLs not of the host or key mismatch, 429 too many
//!   requests.

use std::time::Duration;

use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

use crate::config::{BaiduPush, Config, IndexNowPush};

/// The environment variable holding the Baidu push token.
pub const BAIDU_TOKEN_ENV: &str = "KUAIXUN_BAIDU_TOKEN";

/// What one engine said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `pushed 3 URLs to Baidu (…)`.
    Done(String),
    /// `push: Baidu: …` (printed as a warning).
    Failed(String),
}

/// Whether any engine is configured.
pub fn enabled(config: &Config) -> bool {
    config.push.baidu.is_some() || config.push.indexnow.is_some()
}

/// Push `urls` to every configured engine.
pub fn push(config: &Config, urls: &[String]) -> Vec<Outcome> {
    let mut out = Vec::new();
    if urls.is_empty() {
        return out;
    }
    if let Some(baidu) = &config.push.baidu {
        out.push(push_baidu(config, baidu, urls));
    }
    if let Some(indexnow) = &config.push.indexnow {
        out.push(push_indexnow(config, indexnow, urls));
    }
    out
}

/// `https://www.example.com` of `base_url`.
fn origin(base_url: &str) -> String {
    match base_url.find("://") {
        Some(i) => {
            let rest = &base_url[i + 3..];
            let host_end = rest.find('/').unwrap_or(rest.len());
            format!("{}{}", &base_url[..i + 3], &rest[..host_end])
        }
        None => base_url.trim_end_matches('/').to_string(),
    }
}

fn host(base_url: &str) -> String {
    let o = origin(base_url);
    o.split_once("://")
        .map_or(o.clone(), |(_, h)| h.to_string())
}

fn push_baidu(config: &Config, baidu: &BaiduPush, urls: &[String]) -> Outcome {
    let fail = |m: String| Outcome::Failed(format!("push: Baidu: {m}"));
    let token = match std::env::var(BAIDU_TOKEN_ENV) {
        Ok(t) if !t.trim().is_empty() => t,
        _ => {
            return fail(format!(
                "{BAIDU_TOKEN_ENV} is not set; get the token from 搜索资源平台 → 普通收录 → API提交"
            ))
        }
    };
    let site = baidu
        .site
        .clone()
        .unwrap_or_else(|| origin(&config.base_url));
    let url = format!(
        "{}?site={}&token={}",
        baidu.endpoint,
        utf8_percent_encode(&site, NON_ALPHANUMERIC),
        utf8_percent_encode(token.trim(), NON_ALPHANUMERIC)
    );
    let response = attohttpc::post(&url)
        .header("Content-Type", "text/plain")
        .timeout(Duration::from_secs(30))
        .text(urls.join("\n"))
        .send();
    let response = match response {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot reach {}: {e}", baidu.endpoint)),
    };
    let status = response.status().as_u16();
    let body = response.text().unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    if let Some(code) = json.get("error") {
        let message = json.get("message").and_then(|m| m.as_str()).unwrap_or("");
        return fail(format!("the API answered error {code}: {message}"));
    }
    if !(200..300).contains(&status) {
        return fail(format!(
            "the API answered HTTP {status}: {}",
            body.chars().take(200).collect::<String>()
        ));
    }
    let n = |k: &str| json.get(k).and_then(|v| v.as_u64()).unwrap_or(0);
    let list = |k: &str| {
        json.get(k)
            .and_then(|v| v.as_array())
            .map_or(0, |a| a.len())
    };
    let mut msg = format!(
        "pushed {} URLs to Baidu ({} left today)",
        n("success"),
        n("remain")
    );
    let (other_site, invalid) = (list("not_same_site"), list("not_valid"));
    if other_site + invalid > 0 {
        msg.push_str(&format!(
            "; refused: {other_site} not of site {site}, {invalid} not valid"
        ));
    }
    Outcome::Done(msg)
}

fn push_indexnow(config: &Config, indexnow: &IndexNowPush, urls: &[String]) -> Outcome {
    let fail = |m: String| Outcome::Failed(format!("push: IndexNow: {m}"));
    let body = serde_json::json!({
        "host": host(&config.base_url),
        "key": indexnow.key,
        "keyLocation": format!("{}{}", config.base_url_slash(), indexnow.key_file()),
        "urlList": urls,
    });
    let response = attohttpc::post(&indexnow.endpoint)
        .header("Content-Type", "application/json; charset=utf-8")
        .timeout(Duration::from_secs(30))
        .bytes(serde_json::to_vec(&body).unwrap_or_default())
        .send();
    let response = match response {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot reach {}: {e}", indexnow.endpoint)),
    };
    let status = response.status().as_u16();
    let meaning = match status {
        200 | 202 => return Outcome::Done(format!("pushed {} URLs to IndexNow", urls.len())),
        400 => "bad request",
        403 => "the key is not valid (is the key file online yet?)",
        422 => "the URLs are not of this host, or the key does not match",
        429 => "too many requests (seen as spam); try again later",
        _ => "unexpected answer",
    };
    fail(format!("the API answered HTTP {status}: {meaning}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        assert_eq!(
            origin("https://www.example.com/news/"),
            "https://www.example.com"
        );
        assert_eq!(host("https://www.example.com/news/"), "www.example.com");
        assert_eq!(origin("https://a.example"), "https://a.example");
    }
}
