# errno module and OSError.errno (numeric values are platform-specific, so
# only names and round trips are printed).
import errno

names = ["EPERM", "ENOENT", "EIO", "EBADF", "EAGAIN", "ENOMEM", "EACCES", "EEXIST", "ENODEV", "EISDIR", "EINVAL"]
for name in names:
    code = getattr(errno, name)
    print(name, isinstance(code, int), code > 0, errno.errorcode[code] == name)

print(len(set(getattr(errno, n) for n in names)) == len(names))
print(errno.errorcode.get(-12345, "unknown"))

e = OSError(errno.ENOENT, "no such thing")
print(e.errno == errno.ENOENT, e.args[1], len(e.args))
try:
    raise OSError(errno.EEXIST, "exists")
except OSError as err:
    print(errno.errorcode[err.errno], err.args[1], isinstance(err, Exception))


def classify(err):
    if err.errno == errno.ENOENT:
        return "missing"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "denied"
    return "other"


for code in (errno.ENOENT, errno.EACCES, errno.EPERM, errno.EINVAL):
    print(classify(OSError(code, "x")))
