# String literal forms: quotes, escapes, raw, triple-quoted, concatenation.

print('single', "double", '''triple single''', """triple double""")
print("it's", 'say "hi"', "both \"escaped\" and 'plain'", 'back\\slash')
print("tab[\t] newline[\\n] cr-free", "null[\0]".replace("\0", "NUL"), len("\x00\x01"))
print("\x41\x42\x43", "\101\102", "\u00e9\u00e8", "\u00e9" == "\xe9")
print(r"raw\n\t\x41", len(r"\n"), r"C:\path\to" + "\\file")
print("implicit" " concatenation" ' of ' """literals""")
multi = """line one
line two
    indented line three"""
print(multi)
print(multi.split("\n"))
cont = "backslash \
continuation"
print(cont)
paren = ("parenthesised "
         "implicit "
         "join")
print(paren)
print(repr("\n\t\r\\'\""), repr('\x7f'), repr("\x1b[0m"))
# (repr() of non-ASCII text differs: MicroPython escapes it)
print(str("\u00e9"), "\u4e2d", "mixed \u00e9\n".encode())
print(len("""
"""), len("a\
b"))
print(b"bytes\x00\xff", br"raw\bytes", rb"\d")
print("%s" % "percent %% literal", "{}{{}}".format("braces"))
print("a" "b" == "ab", "\t".isspace(), "\\" == chr(92))
print("x" * 0 == "", "".join(["\x61", "\x62"]), "\x20".isspace())
