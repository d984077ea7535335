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

/// malloc_trim(0): gives the free memory of every malloc arena back to
/// the kernel. Returns 1 if some was given back, 0 if none.
int notes_malloc_trim(void);

#endif
