// A real small file system for the fault tests: a size-limited tmpfs mounted on a
// temporary directory (as root, mount(2)), which can be filled, grown or remounted
// read-only. When mounting is not permitted (not root, no CAP_SYS_ADMIN in a
// container), available() is false and why() says so: the tests then warn and skip.
#pragma once

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "tests/integration/harness.h"

namespace monjo::test {

class SmallFilesystem {
 public:
  explicit SmallFilesystem(const std::string& size) {
    if (::mount("tmpfs", dir_.path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV, ("size=" + size).c_str()) == 0) {
      mounted_ = true;
    } else {
      why_ = std::string("cannot mount a tmpfs here (") + std::strerror(errno) +
             "): the fault tests need root with CAP_SYS_ADMIN";
    }
  }
  ~SmallFilesystem() {
    if (mounted_) ::umount2(dir_.path().c_str(), MNT_DETACH);
  }
  SmallFilesystem(const SmallFilesystem&) = delete;
  SmallFilesystem& operator=(const SmallFilesystem&) = delete;

  bool available() const { return mounted_; }
  const std::string& why() const { return why_; }
  std::string path() const { return dir_.path(); }
  std::string operator/(const std::string& name) const { return dir_ / name; }

  // New size ("64m"): a full disk that was made larger.
  bool resize(const std::string& size) {
    return ::mount("tmpfs", dir_.path().c_str(), "tmpfs", MS_REMOUNT | MS_NOSUID | MS_NODEV,
                   ("size=" + size).c_str()) == 0;
  }
  bool remount_read_only(bool read_only) {
    unsigned long flags = MS_REMOUNT | MS_NOSUID | MS_NODEV | (read_only ? MS_RDONLY : 0);
    return ::mount("tmpfs", dir_.path().c_str(), "tmpfs", flags, nullptr) == 0;
  }
  // Writes zeros to `name` until the file system is full; returns the bytes written.
  long fill(const std::string& name) {
    std::ofstream out(dir_ / name, std::ios::binary);
    const std::string block(4096, '\0');
    long written = 0;
    while (out.write(block.data(), static_cast<std::streamsize>(block.size()))) {
      out.flush();
      if (!out) break;
      written += static_cast<long>(block.size());
    }
    return written;
  }

 private:
  TempDir dir_;
  bool mounted_ = false;
  std::string why_;
};

}  // namespace monjo::test
