#define _GNU_SOURCE
#include "CNotesSystem.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/close_range.h>
#include <malloc.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

int notes_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int notes_spawn_add_chdir(posix_spawn_file_actions_t *actions, const char *path) {
    int code = posix_spawn_file_actions_addchdir_np(actions, path);
    if (code != 0) {
        errno = code;
        return -1;
    }
    return 0;
}

int notes_unshare_network(void) { return unshare(CLONE_NEWNET); }

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t length = strlen(text);
    ssize_t written = write(fd, text, length);
    int saved = errno;
    close(fd);
    errno = saved;
    return written == (ssize_t)length ? 0 : -1;
}

int notes_unshare_user_and_network(void) {
    uid_t uid = getuid();
    gid_t gid = getgid();
    if (unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) return -1;
    char map[64];
    if (write_file("/proc/self/setgroups", "deny") != 0 && errno != ENOENT) return -1;
    snprintf(map, sizeof map, "0 %u 1\n", (unsigned)uid);
    if (write_file("/proc/self/uid_map", map) != 0) return -1;
    snprintf(map, sizeof map, "0 %u 1\n", (unsigned)gid);
    if (write_file("/proc/self/gid_map", map) != 0) return -1;
    return 0;
}

int notes_loopback_up(void) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    struct ifreq request;
    memset(&request, 0, sizeof request);
    strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
    int result = ioctl(fd, SIOCGIFFLAGS, &request);
    if (result == 0) {
        request.ifr_flags |= IFF_UP | IFF_RUNNING;
        result = ioctl(fd, SIOCSIFFLAGS, &request);
    }
    int saved = errno;
    close(fd);
    errno = saved;
    return result;
}

int notes_rename_exchange(const char *a, const char *b) {
    return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}

int notes_die_with_parent(int parent) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return -1;
    if (getppid() != parent) {
        errno = ESRCH;
        return -1;
    }
    return 0;
}

int notes_malloc_trim(void) {
    return malloc_trim(0);
}

/// Makes each folder of `path` below the first `from` bytes (which end
/// before a '/'), mode 0755, in the tmpfs that replaced its top-level folder.
static int make_folders(const char *path, size_t from) {
    char buffer[PATH_MAX];
    size_t length = strlen(path);
    if (length >= sizeof buffer) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buffer, path, length + 1);
    for (size_t i = from + 1; i <= length; i++) {
        if (buffer[i] != '/' && buffer[i] != '\0') continue;
        char saved = buffer[i];
        buffer[i] = '\0';
        if (mkdir(buffer, 0755) != 0 && errno != EEXIST) return -1;
        buffer[i] = saved;
    }
    return 0;
}

/// The length of `path`'s top-level folder ("/root" of "/root/a/b"), or
/// 0 when `path` is itself a top-level folder or not absolute.
static size_t top_length(const char *path) {
    if (path[0] != '/') return 0;
    const char *slash = strchr(path + 1, '/');
    return slash == NULL ? 0 : (size_t)(slash - path);
}

static int expose_only(const char *const *expose, int count, const char **step) {
    enum { most = 16 };
    int fds[most];
    if (count > most) {
        *step = "too many folders to show";
        errno = E2BIG;
        return -1;
    }
    *step = "unshare(CLONE_NEWNS)";
    if (unshare(CLONE_NEWNS) != 0) return -1;
    *step = "making the mounts private";
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return -1;
    // Opened in the new namespace (a bind mount's source must be in it),
    // before anything is hidden: each is mounted again from here.
    for (int i = 0; i < count; i++) {
        fds[i] = open(expose[i], O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (fds[i] < 0) {
            *step = "opening a folder to show";
            return -1;
        }
    }
    for (int i = 0; i < count; i++) {
        size_t top = top_length(expose[i]);
        if (top == 0) continue;
        int done = 0;
        for (int j = 0; j < i; j++) {
            done |= top_length(expose[j]) == top && strncmp(expose[j], expose[i], top) == 0;
        }
        if (done) continue;
        char folder[PATH_MAX];
        memcpy(folder, expose[i], top);
        folder[top] = '\0';
        *step = "hiding a top-level folder";
        if (mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m") != 0) return -1;
    }
    for (int i = 0; i < count; i++) {
        size_t top = top_length(expose[i]);
        if (top == 0) continue;
        *step = "making a folder to show";
        if (make_folders(expose[i], top) != 0) return -1;
        char source[64];
        snprintf(source, sizeof source, "/proc/self/fd/%d", fds[i]);
        *step = "mounting a folder to show";
        if (mount(source, expose[i], NULL, MS_BIND | MS_REC, NULL) != 0) return -1;
        close(fds[i]);
    }
    return 0;
}

int notes_sandbox_exec(const char *path, char *const argv[], const int *fds, int fd_count,
                       const char *const *expose, int expose_count, int as_user, int parent,
                       const char **step) {
    if (as_user != -1) {
        if (expose_only(expose, expose_count, step) != 0) return -1;
        *step = "dropping privileges";
        if (setgroups(0, NULL) != 0) return -1;
        if (setresgid((gid_t)as_user, (gid_t)as_user, (gid_t)as_user) != 0) return -1;
        if (setresuid((uid_t)as_user, (uid_t)as_user, (uid_t)as_user) != 0) return -1;
    }
    // After the change of user, which clears it.
    *step = "prctl(PR_SET_PDEATHSIG)";
    if (notes_die_with_parent(parent) != 0) return -1;
    // Every source first moved out of the way of the targets 2, 3, ….
    int moved[16];
    if (fd_count > 16) {
        *step = "too many descriptors";
        errno = E2BIG;
        return -1;
    }
    *step = "arranging descriptors";
    for (int i = 0; i < fd_count; i++) {
        moved[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, 64);
        if (moved[i] < 0) return -1;
    }
    for (int i = 0; i < fd_count; i++) {
        if (dup2(moved[i], 2 + i) < 0) return -1;
    }
    if (syscall(SYS_close_range, 2 + fd_count, ~0U, CLOSE_RANGE_CLOEXEC) != 0) return -1;
    *step = "exec";
    execv(path, argv);
    return -1;
}
