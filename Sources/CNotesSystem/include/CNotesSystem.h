// Linux calls that Swift's Glibc module does not expose (they need
// _GNU_SOURCE), wrapped so that Swift can call them. Each returns 0 on
// success and -1 with errno set on failure, as the calls themselves do.
#ifndef NOTES_CNOTESSYSTEM_H
#define NOTES_CNOTESSYSTEM_H

#include <spawn.h>

/// pipe2(fds, O_CLOEXEC): both ends close on exec, atomically.
int notes_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np: the child starts in `path`.
int notes_spawn_add_chdir(posix_spawn_file_actions_t *actions, const char *path);

/// unshare(CLONE_NEWNET): this process gets a network namespace of its own,
/// in which only a loopback interface exists, down.
int notes_unshare_network(void);

/// unshare(CLONE_NEWUSER | CLONE_NEWNET), then maps the caller's user and
/// group to root inside: a private network without privileges, where the
/// kernel allows unprivileged user namespaces.
int notes_unshare_user_and_network(void);

/// Brings the loopback interface `lo` up in the current network namespace.
int notes_loopback_up(void);

/// renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE): swaps two paths
/// in one step.
int notes_rename_exchange(const char *a, const char *b);

/// prctl(PR_SET_PDEATHSIG, SIGKILL): the kernel kills this process when
/// the thread that started it ends, so that a run whose `notes` was killed
/// (even with SIGKILL) does not live on. Fails, with errno ESRCH, when the
/// parent is already gone: its parent is no longer `parent`.
int notes_die_with_parent(int parent);

/// The child side of `notes __sandbox`, between fork and exec, with no
/// allocation (the parent may have had other threads).
///
/// When `as_user` is not -1 (the parent is root): a mount namespace of its
/// own, in which the top-level folder of each of `expose` (absolute paths
/// with their symbolic links resolved, at most 16) is replaced by an
/// empty tmpfs in which only that path is mounted again, at its place, so
/// that `as_user` can reach it though a folder above it (root's home, a
/// private temporary folder) is closed to others; then the process takes
/// `as_user` as its user and group, with no other groups.
///
/// Then the process dies with `parent` (PR_SET_PDEATHSIG), `fds[i]`
/// becomes descriptor 2 + i (stderr first) and every other descriptor but
/// 0 and 1 closes on exec, and `path` is executed with `argv`.
/// Returns only on failure: -1 with errno set, and the failed step's name
/// in `*step`.
int notes_sandbox_exec(const char *path, char *const argv[], const int *fds, int fd_count,
                       const char *const *expose, int expose_count, int as_user, int parent,
                       const char **step);

/// malloc_trim(0): gives the free memory of every malloc arena back to
/// the kernel. Returns 1 if some was given back, 0 if none.
int notes_malloc_trim(void);

#endif
