//! Front-matter dates: RFC 3339, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` and Hexo's
//! `YYYY/M/D HH:MM:SS`. Times without an offset are read in the site time zone.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

/// Parse a date string; the error says which formats are accepted.
pub fn parse_date(input: &str, tz: &TimeZone) -> Result<ZonedDateTime, String> {
    let s = input.trim();
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Ok(ts.to_zoned_datetime(tz.clone()));
    }
    parse_naive(s)
        .and_then(|dt| dt.to_zoned_datetime(tz.clone()).ok())
        .ok_or_else(|| {
            format!(
                "cannot read date `{input}`: use RFC 3339 (2025-11-20T10:30:00+08:00), \
                 2025-11-20, 2025-11-20 10:30[:00] or 2025/11/20 10:30:00"
            )
        })
}

fn parse_naive(s: &str) -> Option<DateTime> {
    let (date_part, time_part) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], Some(s[i + 1..].trim())),
        None => (s, None),
    };
    let sep = if date_part.contains('/') { '/' } else { '-' };
    let mut it = date_part.split(sep);
    let year: i16 = num(it.next()?, 4, 4)?;
    let month: i8 = num(it.next()?, 1, 2)?;
    let day: i8 = num(it.next()?, 1, 2)?;
    if it.next().is_some() {
        return None;
    }
    let date = Date::new(year, month, day).ok()?;
    let time = match time_part {
        None => Time::midnight(),
        Some(t) => {
            let mut it = t.split(':');
            let hour: i8 = num(it.next()?, 1, 2)?;
            let minute: i8 = num(it.next()?, 2, 2)?;
            let (second, nanos) = match it.next() {
                None => (0, 0),
                Some(sec) => {
                    let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
                    let second: i8 = num(whole, 2, 2)?;
                    let nanos = if frac.is_empty() {
                        0
                    } else if frac.len() <= 9 && frac.bytes().all(|b| b.is_ascii_digit()) {
                        format!("{frac:0<9}").parse::<i32>().ok()?
                    } else {
                        return None;
                    };
                    (second, nanos)
                }
            };
            if it.next().is_some() {
                return None;
            }
            Time::new(hour, minute, second, nanos).ok()?
        }
    };
    Some(DateTime::from_parts(date, time))
}

fn num<T: std::str::FromStr>(s: &str, min_len: usize, max_len: usize) -> Option<T> {
    if s.len() < min_len || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// RFC 3339 with the zone's offset, e.g. `2025-11-20T10:30:00+08:00`.
pub fn rfc3339(z: &ZonedDateTime) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh() -> TimeZone {
        TimeZone::get("Asia/Shanghai").unwrap()
    }

    #[test]
    fn accepted_formats() {
        let tz = sh();
        for (input, expect) in [
            ("2025-11-20T10:30:00+08:00", "2025-11-20T10:30:00+08:00"),
            ("2025-11-20T02:30:00Z", "2025-11-20T10:30:00+08:00"),
            ("2025-11-20", "2025-11-20T00:00:00+08:00"),
            ("2025-11-20 10:30", "2025-11-20T10:30:00+08:00"),
            ("2025-11-20 10:30:00", "2025-11-20T10:30:00+08:00"),
            ("2013/7/13 20:46:25", "2013-07-13T20:46:25+08:00"),
            ("2025/11/3", "2025-11-03T00:00:00+08:00"),
        ] {
            let z = parse_date(input, &tz).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(rfc3339(&z), expect, "{input}");
        }
    }

    #[test]
    fn naive_times_are_read_in_the_site_zone_with_its_daylight_saving() {
        let ny = TimeZone::get("America/New_York").unwrap();
        let summer = parse_date("2025-07-04 09:30", &ny).unwrap();
        assert_eq!(rfc3339(&summer), "2025-07-04T09:30:00-04:00");
        let winter = parse_date("2025/12/1 09:30:00", &ny).unwrap();
        assert_eq!(rfc3339(&winter), "2025-12-01T09:30:00-05:00");
        // An explicit offset wins over the site zone; the instant is kept.
        let z = parse_date("2025-07-04T09:30:00+08:00", &ny).unwrap();
        assert_eq!(z.timestamp().to_string(), "2025-07-04T01:30:00Z");
        // The same naive time in Shanghai is 12 hours earlier in absolute time.
        let sh = parse_date("2025-07-04 09:30", &sh()).unwrap();
        assert_eq!(
            summer.timestamp().as_second() - sh.timestamp().as_second(),
            12 * 3600
        );
    }

    #[test]
    fn rejected_formats() {
        let tz = sh();
        for input in [
            "昨天",
            "2025-13-01",
            "2025-02-30",
            "2025-11",
            "20251120",
            "2025-11-20 25:00",
        ] {
            let err = parse_date(input, &tz).unwrap_err();
            assert!(err.contains(input), "{err}");
        }
    }
}
