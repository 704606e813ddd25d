//! The bucket, through `rust-s3` (blocking, no async runtime): list, get, put with headers,
//! delete, each retried with backoff on network errors and 5xx/429 answers. Every error
//! names the target and the endpoint; an S3 error answer is shown with its code and message.

use std::collections::HashMap;
use std::time::Duration;

use s3::creds::Credentials;
use s3::error::S3Error;
use s3::{Bucket, Region};

use super::plan::{normalize_etag, Manifest, RemoteObject, MANIFEST_KEY};
use crate::config::DeployTarget;
use crate::error::Error;

/// Tries per request (1 + 3 retries), waiting 250 ms, 500 ms, 1 s between them.
const ATTEMPTS: u32 = 4;

pub struct Store {
    bucket: Box<Bucket>,
    /// `""` or `news/`.
    prefix: String,
    /// `deploy `production` (http://…/bucket)`, the start of every error.
    label: String,
}

/// Credentials from the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, optional
/// `AWS_SESSION_TOKEN`), else the profile (`profile:`, else `AWS_PROFILE`, else `default`)
/// of `~/.aws/credentials` (or `AWS_SHARED_CREDENTIALS_FILE`). Nothing is fetched over the
/// network (no instance metadata).
fn credentials(target: &DeployTarget) -> Option<Credentials> {
    if let Ok(c) = Credentials::from_env() {
        return Some(c);
    }
    let profile = target
        .profile
        .clone()
        .or_else(|| std::env::var("AWS_PROFILE").ok());
    Credentials::from_profile(profile.as_deref()).ok()
}

impl Store {
    pub fn connect(name: &str, target: &DeployTarget) -> Result<Store, Error> {
        let endpoint = target.endpoint.trim_end_matches('/').to_string();
        let label = format!("deploy `{name}` ({endpoint}, bucket {})", target.bucket);
        let creds = credentials(target).ok_or_else(|| {
            Error::new(format!(
                "{label}: no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, or add the profile `{}` to ~/.aws/credentials",
                target.profile.clone().or_else(|| std::env::var("AWS_PROFILE").ok()).unwrap_or_else(|| "default".into())
            ))
        })?;
        let region = Region::Custom {
            region: target.region.clone(),
            endpoint,
        };
        let mut bucket = Bucket::new(&target.bucket, region, creds)
            .map_err(|e| Error::new(format!("{label}: {e}")))?;
        if target.path_style {
            bucket.set_path_style();
        }
        bucket.set_request_timeout(Some(Duration::from_secs(60)));
        // Retries are ours (with backoff), not the crate's.
        s3::set_retries(0);
        let mut prefix = target.prefix.trim_matches('/').to_string();
        if !prefix.is_empty() {
            prefix.push('/');
        }
        Ok(Store {
            bucket,
            prefix,
            label,
        })
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    fn full(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// Every object under the prefix: key (prefix removed) → ETag and size.
    pub fn list(&self) -> Result<HashMap<String, RemoteObject>, Error> {
        let pages = self.retry("listing the bucket", || {
            self.bucket.list(self.prefix.clone(), None)
        })?;
        let mut out = HashMap::new();
        for page in pages {
            for o in page.contents {
                let Some(key) = o.key.strip_prefix(&self.prefix) else {
                    continue;
                };
                out.insert(
                    key.to_string(),
                    RemoteObject {
                        etag: normalize_etag(o.e_tag.as_deref().unwrap_or("")),
                        size: o.size,
                    },
                );
            }
        }
        Ok(out)
    }

    /// The manifest written by the last deploy; `None` when there is none or it is not
    /// readable (then every file is compared as unknown and uploaded once).
    pub fn manifest(&self, listed: bool) -> Result<Option<Manifest>, Error> {
        if !listed {
            return Ok(None);
        }
        let key = self.full(MANIFEST_KEY);
        let data = match self.retry("reading the deploy manifest", || {
            self.bucket.get_object(&key)
        }) {
            Ok(d) => d,
            Err(e) if e.message.contains("HTTP 404") => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(serde_json::from_slice(data.as_slice()).ok())
    }

    pub fn put_manifest(&self, manifest: &Manifest) -> Result<(), Error> {
        let bytes = serde_json::to_vec(manifest).unwrap_or_default();
        self.put(
            MANIFEST_KEY,
            &bytes,
            "application/json; charset=utf-8",
            "no-store",
        )
        .map(|_| ())
    }

    /// Upload one object; returns the ETag the bucket answered (normalized), else `md5`.
    pub fn put(
        &self,
        key: &str,
        bytes: &[u8],
        content_type: &str,
        cache_control: &str,
    ) -> Result<String, Error> {
        let full = self.full(key);
        let mut headers = http::HeaderMap::new();
        let value = http::HeaderValue::from_str(cache_control).map_err(|_| {
            Error::new(format!(
                "{}: {key}: Cache-Control `{cache_control}` is not a valid header value",
                self.label
            ))
        })?;
        headers.insert(http::header::CACHE_CONTROL, value);
        let response = self.retry(&format!("uploading {key}"), || {
            self.bucket.put_object_with_content_type_and_headers(
                &full,
                bytes,
                content_type,
                Some(headers.clone()),
            )
        })?;
        let etag = response
            .headers()
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("etag"))
            .map(|(_, v)| normalize_etag(v))
            .filter(|e| !e.is_empty())
            .unwrap_or_else(|| format!("{:x}", md5::compute(bytes)));
        Ok(etag)
    }

    pub fn delete(&self, key: &str) -> Result<(), Error> {
        let full = self.full(key);
        match self.retry(&format!("deleting {key}"), || {
            self.bucket.delete_object(&full)
        }) {
            Ok(_) => Ok(()),
            // Already gone (a rerun after an interrupted deploy): that is what we wanted.
            Err(e) if e.message.contains("HTTP 404") => Ok(()),
            Err(e) => Err(e),
        }
    }

    fn retry<T>(&self, what: &str, f: impl Fn() -> Result<T, S3Error>) -> Result<T, Error> {
        let mut attempt = 1;
        loop {
            match f() {
                Ok(v) => return Ok(v),
                Err(e) if attempt < ATTEMPTS && transient(&e) => {
                    std::thread::sleep(Duration::from_millis(250 << (attempt - 1)));
                    attempt += 1;
                }
                Err(e) => return Err(self.explain(what, &e, attempt)),
            }
        }
    }

    fn explain(&self, what: &str, e: &S3Error, attempts: u32) -> Error {
        let tries = if attempts > 1 {
            format!(" (after {attempts} attempts)")
        } else {
            String::new()
        };
        Error::new(match e {
            S3Error::HttpFailWithBody(status, body) => {
                let code = xml_field(body, "Code");
                let message = xml_field(body, "Message");
                let detail = match (code, message) {
                    (Some(c), Some(m)) => format!("{c}: {m}"),
                    (Some(c), None) => c,
                    (None, Some(m)) => m,
                    (None, None) => body.chars().take(200).collect(),
                };
                format!(
                    "{}: {what}: the endpoint answered HTTP {status} {detail}{tries}",
                    self.label
                )
            }
            S3Error::Atto(_) | S3Error::Io(_) => format!(
                "{}: {what}: cannot reach the endpoint: {e}{tries}",
                self.label
            ),
            other => format!("{}: {what}: {other}{tries}", self.label),
        })
    }
}

/// Network errors and server-side trouble are retried; other answers (403, 404…) are not.
fn transient(e: &S3Error) -> bool {
    match e {
        S3Error::HttpFailWithBody(status, _) => *status >= 500 || *status == 429 || *status == 408,
        S3Error::Atto(_) | S3Error::Io(_) => true,
        _ => false,
    }
}

/// The text of `<name>…</name>` in an S3 error document.
fn xml_field(body: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = body.find(&open)? + open.len();
    let end = start + body[start..].find(&format!("</{name}>"))?;
    Some(body[start..end].trim().to_string()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_error_fields() {
        let body = "<?xml version=\"1.0\"?><Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message></Error>";
        assert_eq!(
            xml_field(body, "Code").as_deref(),
            Some("InvalidAccessKeyId")
        );
        assert!(xml_field(body, "Message").unwrap().starts_with("The AWS"));
        assert!(xml_field(body, "RequestId").is_none());
    }
}
