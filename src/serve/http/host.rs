//! Which `Host` names the preview answers to. A web page the editor visits can point its
//! own host name at 127.0.0.1 (DNS rebinding) and read the preview, drafts included; such a
//! request still carries the page's host name, so only names that are this machine are
//! served.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub struct Hosts {
    /// Addresses accepted besides the loopback ones.
    ips: Vec<IpAddr>,
    /// Where to send someone who used another name, e.g. `http://127.0.0.1:1111/`.
    base_url: String,
}

impl Hosts {
    /// For a server bound to `bound`: that address, or every address of this machine when
    /// bound to all interfaces (0.0.0.0 / ::).
    pub fn new(bound: IpAddr, base_url: String) -> Hosts {
        let ips = if bound.is_unspecified() {
            machine_addresses()
        } else {
            vec![bound]
        };
        Hosts { ips, base_url }
    }

    /// Whether `host` (a `Host` header or the authority of an absolute-form target, with or
    /// without a port) names this server.
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = strip_port(host) else {
            return false;
        };
        let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
        if name == "localhost" || name.ends_with(".localhost") {
            return true;
        }
        let ip = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
            Some(v6) => v6.parse::<Ipv6Addr>().ok().map(IpAddr::V6),
            None => name.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
        };
        ip.is_some_and(|ip| ip.is_loopback() || self.ips.contains(&ip))
    }

    /// The body of the 403 for a refused `host` (`None`: the request named no host).
    pub fn refusal(&self, host: Option<&str>) -> String {
        let what = match host {
            Some(h) => format!("the host name {h:?} is not this preview server"),
            None => "the request has no Host header".to_string(),
        };
        format!(
            "403 Forbidden: {what}.\nkuaixun serve answers only to localhost, 127.0.0.1, [::1] and the address it listens on, so that other web sites cannot read the preview (drafts included).\nOpen {} instead.\n",
            self.base_url
        )
    }
}

/// `name` of `name[:port]` (the port, if any, must be digits); IPv6 keeps its brackets.
fn strip_port(host: &str) -> Option<&str> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let rest = &host[end + 1..];
        match rest.strip_prefix(':') {
            Some(port) => (&host[..=end], Some(port)),
            None if rest.is_empty() => (host, None),
            None => return None,
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    (port_ok && !name.is_empty()).then_some(name)
}

/// Every address of this machine's interfaces (empty if they cannot be listed).
#[cfg(unix)]
fn machine_addresses() -> Vec<IpAddr> {
    let mut out = Vec::new();
    let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs fills `list` with a linked list that stays valid until
    // freeifaddrs; each ifa_addr is null or points at a sockaddr of its ss_family's type.
    unsafe {
        if libc::getifaddrs(&mut list) != 0 {
            return out;
        }
        let mut p = list;
        while !p.is_null() {
            let addr = (*p).ifa_addr;
            if !addr.is_null() {
                match i32::from((*addr).sa_family) {
                    libc::AF_INET => {
                        let sin = &*(addr as *const libc::sockaddr_in);
                        out.push(IpAddr::V4(Ipv4Addr::from(u32::from_be(
                            sin.sin_addr.s_addr,
                        ))));
                    }
                    libc::AF_INET6 => {
                        let sin6 = &*(addr as *const libc::sockaddr_in6);
                        out.push(IpAddr::V6(Ipv6Addr::from(sin6.sin6_addr.s6_addr)));
                    }
                    _ => {}
                }
            }
            p = (*p).ifa_next;
        }
        libc::freeifaddrs(list);
    }
    out
}

#[cfg(not(unix))]
fn machine_addresses() -> Vec<IpAddr> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_the_bound_address_only() {
        let hosts = Hosts::new(
            "127.0.0.1".parse().unwrap(),
            "http://127.0.0.1:1111/".into(),
        );
        for ok in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.:1111",
            "preview.localhost:8080",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.1.2.3:1111",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "evillocalhost",
            "10.0.0.8:1111",
            "",
            ":1111",
            "localhost:abc",
            "[::1]x",
            "127.0.0.1:1111:1",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
        let lan = Hosts::new(
            "192.168.1.20".parse().unwrap(),
            "http://192.168.1.20:1111/".into(),
        );
        assert!(lan.allows("192.168.1.20:1111"));
        assert!(!lan.allows("192.168.1.21:1111"));
        assert!(hosts
            .refusal(Some("evil.example"))
            .contains("\"evil.example\""));
    }
}
