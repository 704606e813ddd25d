//! The output folder under hostile conditions, through the real binary: a build killed in the
//! middle of the swap (`KUAIXUN_FAULT` aborts the process right after its first step), the
//! leftovers of killed builds, two builds into one output, a full disk and a read-only
//! location. Tests that need `mount` (root, a kernel that allows it) print `SKIPPED` and return
//! when mounting fails.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::*;

const CONFIG: &str = "title: 快讯测试站\nbase_url: https://news.example.com/\n";

/// Every file under `dir` with its bytes, keyed by relative path.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files(dir)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(dir).unwrap().display().to_string();
            (rel, fs::read(&p).unwrap())
        })
        .collect()
}

/// A site with two articles; `title` is the first one's title.
fn two_articles(title: &str) -> tempfile::TempDir {
    let dir = site(&[("config.yaml", CONFIG)]);
    set_title(dir.path(), title);
    article(
        dir.path(),
        "riscv",
        "title: RISC-V 开源芯片量产在即\ndate: 2025-11-18",
        "开源指令集继续扩张。",
    );
    dir
}

fn set_title(root: &Path, title: &str) {
    article(
        root,
        "h200",
        &format!("title: {title}\ndate: 2025-11-20 10:30\ntags: [芯片]"),
        "显存带宽提升了 40%。",
    );
}

/// `kuaixun build --root <root> -o <output>` with extra environment variables.
fn build_into(root: &Path, output: &Path, env: &[(&str, &str)]) -> Output {
    build_command(root, output, env).output().unwrap()
}

/// [`build_into`] without the build cache, so the new output is swapped in whole (a build
/// with the cache updates the output in place).
fn swap_into(root: &Path, output: &Path, env: &[(&str, &str)]) -> Output {
    build_command(root, output, env)
        .arg("--no-cache")
        .output()
        .unwrap()
}

fn build_command(root: &Path, output: &Path, env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(["build", "--root"])
        .arg(root)
        .arg("-o")
        .arg(output)
        .env_remove("KUAIXUN_FAULT")
        .env_remove("KUAIXUN_LOCK_WAIT")
        .envs(env.iter().copied());
    cmd
}

#[track_caller]
fn assert_aborted(out: &Output) {
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        out.status.signal(),
        Some(libc::SIGABRT),
        "the fault hook aborts the build\nstdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
}

/// A build that fails (an article without front matter is added) still first repairs what an
/// interrupted build left, and says so with `warning: <output>: <repair>`.
#[track_caller]
fn assert_repair_first(root: &Path, output: &Path, repair: &str) {
    write(root, "content/posts/bad.md", "没有 front matter\n");
    let out = build_into(root, output, &[]);
    assert_eq!(out.status.code(), Some(1), "stderr:\n{}", stderr(&out));
    assert_eq!(
        stderr(&out).lines().next().unwrap(),
        format!("warning: {}: {repair}", output.display())
    );
}

/// What a complete build of the site looks like now (built into `<root>/ref`).
fn reference(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let dir = root.join("ref");
    assert_success(&build_into(root, &dir, &[]));
    let files = snapshot(&dir);
    fs::remove_dir_all(&dir).unwrap();
    files
}

/// Killed right after the exchange: the output folder is the complete new site (the old tree
/// waits at the staging path), and the next build removes the old tree.
#[cfg(target_os = "linux")]
#[test]
fn killed_right_after_the_exchange() {
    let site = two_articles("旧标题：H200 发布");
    let public = build_cli(site.path(), &[]);
    let old = snapshot(&public);
    set_title(site.path(), "新标题：H200 量产");
    let new = reference(site.path());
    let out = swap_into(site.path(), &public, &[("KUAIXUN_FAULT", "commit")]);
    assert_aborted(&out);
    assert_eq!(snapshot(&public), new, "the new site, complete");
    let index = read(&public, "index.html");
    assert_has(&index, "新标题：H200 量产");
    assert_lacks(&index, "旧标题");
    let left = leftover_build_folders(site.path());
    assert_eq!(
        left.len(),
        1,
        "the old tree waits at the staging path: {left:?}"
    );
    assert_eq!(
        snapshot(&site.path().join(&left[0])),
        old,
        "the old site, complete"
    );

    build_cli(site.path(), &[]);
    assert_eq!(leftover_build_folders(site.path()), Vec::<String>::new());
    assert_has(&read(&public, "index.html"), "新标题：H200 量产");
}

/// The two-rename fallback (forced by `KUAIXUN_FAULT=commit-fallback`) killed between its
/// renames: the previous output sits complete at `.public.kuaixun-old-<pid>`, and the next
/// build (here one that fails) puts it back before doing anything else.
#[test]
fn killed_between_the_two_renames() {
    let site = two_articles("旧标题：H200 发布");
    let public = build_cli(site.path(), &[]);
    let old = snapshot(&public);
    set_title(site.path(), "新标题：H200 量产");
    let out = swap_into(
        site.path(),
        &public,
        &[("KUAIXUN_FAULT", "commit-fallback")],
    );
    assert_aborted(&out);
    let mut left = leftover_build_folders(site.path());
    left.sort();
    assert_eq!(left.len(), 2, "the old tree and the new one: {left:?}");
    assert!(left[0].starts_with(".public.kuaixun-old-"), "{left:?}");
    assert_eq!(snapshot(&site.path().join(&left[0])), old);
    assert!(
        !public.exists(),
        "without an atomic exchange the output is missing until the next build"
    );

    assert_repair_first(
        site.path(),
        &public,
        "an interrupted build had moved the output folder aside; it is restored",
    );
    assert_eq!(
        snapshot(&public),
        old,
        "the previous output is back, intact"
    );
    assert_eq!(leftover_build_folders(site.path()), Vec::<String>::new());
}

/// A warm build killed while it updates the output in place, right after moving in its first
/// file: the output is part old, part new, and the journal says what is left to do. The next
/// build (here one that fails) finishes that update before anything else, so the output is
/// the complete new site.
#[test]
fn killed_while_updating_in_place() {
    let site = two_articles("旧标题：H200 发布");
    for i in 0..30 {
        article(
            site.path(),
            &format!("n{i}"),
            &format!("title: 第 {i} 条快讯\ndate: 2025-11-01\ntags: [芯片]"),
            "正文。",
        );
    }
    let public = build_cli(site.path(), &[]);
    fs::remove_file(site.path().join("content/posts/n7.md")).unwrap();
    set_title(site.path(), "新标题：H200 量产");
    let new = reference(site.path());
    let out = build_into(site.path(), &public, &[("KUAIXUN_FAULT", "commit")]);
    assert_aborted(&out);
    assert_ne!(snapshot(&public), new, "killed halfway through the update");
    let journals: Vec<String> = leftover_build_folders(site.path())
        .into_iter()
        .filter(|n| n.starts_with(".public.kuaixun-apply-"))
        .collect();
    assert_eq!(journals.len(), 1, "the journal is left behind");

    assert_repair_first(
        site.path(),
        &public,
        "an interrupted build was updating the output folder; that update is finished",
    );
    assert_eq!(snapshot(&public), new, "the new site, complete");
    assert_eq!(leftover_build_folders(site.path()), Vec::<String>::new());
    fs::remove_file(site.path().join("content/posts/bad.md")).unwrap();
    build_cli(site.path(), &[]);
    assert_eq!(snapshot(&public), new);
}

/// Killed right after the first build's only rename: the new site is there, nothing is left.
#[test]
fn killed_after_the_first_build_rename() {
    let site = two_articles("新标题：H200 量产");
    let public = site.path().join("public");
    let out = build_into(site.path(), &public, &[("KUAIXUN_FAULT", "commit")]);
    assert_aborted(&out);
    assert_has(&read(&public, "index.html"), "新标题：H200 量产");
    assert_eq!(leftover_build_folders(site.path()), Vec::<String>::new());
}

#[test]
fn folders_of_dead_builds_are_removed_by_the_next_build() {
    let site = two_articles("英伟达发布 H200");
    let public = build_cli(site.path(), &[]);
    for name in [".public.kuaixun-tmp-999999", ".public.kuaixun-old-999999"] {
        write(
            site.path(),
            &format!("{name}/posts/x/index.html"),
            "半个站点",
        );
    }
    // Another output's staging folder in the same place is not ours to remove.
    write(
        site.path(),
        ".other.kuaixun-tmp-999999/index.html",
        "别的输出",
    );
    build_cli(site.path(), &[]);
    assert_eq!(
        leftover_build_folders(site.path()),
        [".other.kuaixun-tmp-999999"]
    );
    assert_has(&read(&public, "index.html"), "英伟达发布 H200");
}

/// The test plays a running build: it holds the lock and has a staging folder. A build with a
/// one-second wait gives up with a clear message and touches nothing; a build with the
/// default wait says it is waiting, and finishes once the lock is released.
#[test]
fn a_build_waits_for_the_one_holding_the_lock() {
    let site = two_articles("英伟达发布 H200");
    let public = build_cli(site.path(), &[]);
    let before = snapshot(&public);
    let pid = std::process::id();
    let mut lock = fs::OpenOptions::new()
        .write(true)
        .open(site.path().join(".public.kuaixun-lock"))
        .unwrap();
    lock.lock().unwrap();
    lock.set_len(0).unwrap();
    write!(lock, "{pid}").unwrap();
    let live = format!(".public.kuaixun-tmp-{pid}");
    write(site.path(), &format!("{live}/index.html"), "正在写");

    let out = build_into(site.path(), &public, &[("KUAIXUN_LOCK_WAIT", "1")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "waiting for another kuaixun build into {p}/ (pid {pid})…\n\
             error: {p}: another kuaixun build (pid {pid}) is still writing this output after 1 s; try again when it has finished\n",
            p = public.display()
        )
    );
    assert_eq!(snapshot(&public), before);
    assert_eq!(
        fs::read_to_string(site.path().join(&live).join("index.html")).unwrap(),
        "正在写"
    );

    set_title(site.path(), "新标题：H200 量产");
    let mut child = build_command(site.path(), &public, &[])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert_eq!(
        line,
        format!(
            "waiting for another kuaixun build into {}/ (pid {pid})…\n",
            public.display()
        )
    );
    assert_eq!(snapshot(&public), before, "nothing happens while it waits");
    drop(lock);
    let out = child.wait_with_output().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    assert!(out.status.success(), "stderr: {rest}");
    assert_eq!(rest, "");
    assert!(stdout(&out).starts_with("built "));
    assert_has(&read(&public, "index.html"), "新标题：H200 量产");
    // Once the lock was free, the "running" build's folder counted as a leftover.
    assert_eq!(leftover_build_folders(site.path()), Vec::<String>::new());
}

#[test]
fn two_builds_at_once_into_one_output() {
    let site = two_articles("英伟达发布 H200");
    for i in 0..100 {
        article(
            site.path(),
            &format!("n{i}"),
            "title: 快讯\ndate: 2025-11-01",
            "正文。",
        );
    }
    let public = site.path().join("public");
    let want = reference(site.path());
    let runs: Vec<_> = (0..2)
        .map(|_| {
            build_command(site.path(), &public, &[])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in runs {
        let out = child.wait_with_output().unwrap();
        assert_success(&out);
        let err = stderr(&out);
        assert!(
            err.is_empty() || err.starts_with("waiting for another kuaixun build into "),
            "stderr: {err}"
        );
    }
    assert_eq!(snapshot(&public), want);
    assert_eq!(leftover_build_folders(site.path()), Vec::<String>::new());
}

#[test]
fn init_gitignore_covers_staging_folders_and_the_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    assert_success(&run([std::ffi::OsStr::new("init"), root.as_os_str()]));
    let text = fs::read_to_string(root.join(".gitignore")).unwrap();
    assert!(text.contains(".*.kuaixun-*"), "{text}");
    let git = |args: &[&str]| Command::new("git").args(args).current_dir(&root).output();
    let Ok(init) = git(&["init", "-q"]) else {
        println!("SKIPPED: git check-ignore (no git); the pattern is in .gitignore");
        return;
    };
    assert!(init.status.success());
    build_cli(&root, &[]);
    for name in [
        "public/index.html",
        ".public.kuaixun-tmp-1234/index.html",
        ".public.kuaixun-old-1234/index.html",
        ".public.kuaixun-lock",
        ".site.kuaixun-tmp-1234/index.html",
    ] {
        let out = git(&["check-ignore", "-q", "--no-index", name]).unwrap();
        assert!(out.status.success(), "{name} is ignored");
    }
    let out = git(&[
        "check-ignore",
        "-q",
        "--no-index",
        "content/posts/hello-kuaixun.md",
    ])
    .unwrap();
    assert_eq!(out.status.code(), Some(1), "articles are not ignored");
}

/// A mount point inside the old output cannot be removed (`EBUSY`): the new output is in
/// place, the build succeeds, and a warning names both folders.
#[test]
fn an_old_output_that_cannot_be_removed_is_a_warning() {
    let site = two_articles("旧标题：H200 发布");
    let public = build_cli(site.path(), &[]);
    let Some(mut mount) = Mount::tmpfs(&public.join("mnt"), "1m") else {
        return;
    };
    fs::write(public.join("mnt/a.txt"), "挂载点里的文件").unwrap();
    set_title(site.path(), "新标题：H200 量产");
    let child = build_command(site.path(), &public, &[])
        .arg("--no-cache")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let parked = site
        .path()
        .join(format!(".public.kuaixun-tmp-{}", child.id()));
    let out = child.wait_with_output().unwrap();
    // The mount moved with the old tree.
    if parked.join("mnt").exists() {
        mount.0 = parked.join("mnt");
    }
    assert_success(&out);
    assert_eq!(
        stderr(&out),
        format!(
            "warning: {}: the new output is in place, but the previous one could not be removed from {} (Device or resource busy); delete that folder by hand\n",
            public.display(),
            parked.display()
        )
    );
    assert_has(&read(&public, "index.html"), "新标题：H200 量产");
    drop(mount);
    build_cli(site.path(), &[]);
    assert_eq!(leftover_build_folders(site.path()), Vec::<String>::new());

    // Updated in place, the mount point is a folder the new output lacks: a warning too.
    let Some(_mount) = Mount::tmpfs(&public.join("mnt"), "1m") else {
        return;
    };
    set_title(site.path(), "又一个标题：H200 降价");
    let out = build_into(site.path(), &public, &[]);
    assert_success(&out);
    assert_eq!(
        stderr(&out),
        format!(
            "warning: {p}: cannot remove {p}/mnt, which is not part of the new output (Device or resource busy); delete it by hand\n",
            p = public.display()
        )
    );
    assert_has(&read(&public, "index.html"), "又一个标题：H200 降价");
}

/// An output folder this user may not write (built as root, rebuilt as `nobody`) is refused
/// before the build starts, instead of being swapped out and left half removed.
#[test]
fn an_output_folder_of_another_user_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        println!("SKIPPED: needs root to build as another user");
        return;
    }
    let site = two_articles("英伟达发布 H200");
    let tmp = tempfile::tempdir().unwrap();
    let mode = |p: &Path, m: u32| fs::set_permissions(p, fs::Permissions::from_mode(m)).unwrap();
    mode(site.path(), 0o755);
    for dir in walkdir::WalkDir::new(site.path()).into_iter().flatten() {
        if dir.file_type().is_dir() {
            mode(dir.path(), 0o755);
        }
    }
    // Everyone may write the folder that holds the output: only the output itself is foreign.
    mode(tmp.path(), 0o777);
    let public = tmp.path().join("public");
    assert_success(&build_into(site.path(), &public, &[]));
    let before = snapshot(&public);
    let as_nobody = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            BIN,
            "build",
            "--root",
        ])
        .arg(site.path())
        .arg("-o")
        .arg(&public)
        .env_remove("KUAIXUN_FAULT")
        .output();
    let out = match as_nobody {
        Ok(out) if !stderr(&out).starts_with("setpriv") => out,
        Ok(out) => return println!("SKIPPED: setpriv failed: {}", stderr(&out)),
        Err(e) => return println!("SKIPPED: no setpriv: {e}"),
    };
    assert_eq!(
        stderr(&out),
        format!(
            "error: {}: the output folder is not writable by this user (Permission denied), so it cannot be replaced; the previous output is unchanged\n",
            public.display()
        )
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(snapshot(&public), before);
    assert_eq!(leftover_build_folders(tmp.path()), Vec::<String>::new());
}

/// A tmpfs mounted for one test, unmounted on drop.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(at: &Path, size: &str) -> Option<Mount> {
        fs::create_dir_all(at).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Mount(at.to_path_buf())),
            Ok(o) => skip(&format!(
                "cannot mount a tmpfs: {}",
                String::from_utf8_lossy(&o.stderr)
            )),
            Err(e) => skip(&format!("cannot mount a tmpfs: {e}")),
        }
    }

    fn remount_read_only(&self) -> bool {
        let ok = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            skip::<()>("cannot remount the tmpfs read-only");
        }
        ok
    }
}

fn skip<T>(why: &str) -> Option<T> {
    println!("SKIPPED: {}", why.trim());
    eprintln!("SKIPPED: {}", why.trim());
    None
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_is_one_clear_error() {
    let site = two_articles("英伟达发布 H200");
    let tmp = tempfile::tempdir().unwrap();
    let disk = tmp.path().join("disk");
    let Some(_mount) = Mount::tmpfs(&disk, "1m") else {
        return;
    };
    let public = disk.join("public");
    assert_success(&build_into(site.path(), &public, &[]));
    let before = snapshot(&public);
    let big = "算力芯片的显存带宽继续提升，".repeat(60_000);
    article(site.path(), "big", "title: 长文\ndate: 2025-11-19", &big);
    let out = build_into(site.path(), &public, &[]);
    assert_eq!(out.status.code(), Some(1), "stderr:\n{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {}: the disk is full (No space left on device) while writing the new output; the previous output is unchanged\n",
            public.display()
        )
    );
    assert_eq!(snapshot(&public), before);
    assert_eq!(leftover_build_folders(&disk), Vec::<String>::new());
}

#[test]
fn a_read_only_location_is_a_clear_error() {
    let site = two_articles("英伟达发布 H200");
    let tmp = tempfile::tempdir().unwrap();
    let disk = tmp.path().join("disk");
    let Some(mount) = Mount::tmpfs(&disk, "4m") else {
        return;
    };
    let public = disk.join("public");
    assert_success(&build_into(site.path(), &public, &[]));
    let before = snapshot(&public);
    if !mount.remount_read_only() {
        return;
    }
    set_title(site.path(), "新标题：H200 量产");
    let out = build_into(site.path(), &public, &[]);
    assert_eq!(out.status.code(), Some(1), "stderr:\n{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {}: the file system is read-only (Read-only file system), so the output cannot be written; the previous output is unchanged\n",
            public.display()
        )
    );
    assert_eq!(snapshot(&public), before);
    // A first build into a read-only place says the same, with nothing to keep.
    let fresh = disk.join("fresh");
    let out = build_into(site.path(), &fresh, &[]);
    assert_eq!(
        stderr(&out),
        format!(
            "error: {}: the file system is read-only (Read-only file system), so the output cannot be written; no output was written\n",
            fresh.display()
        )
    );
}
