# input() when stdin is at its end: the prompt is written, then EOFError.
try:
    line = input("name? ")
    print("read", repr(line))
except EOFError:
    print("EOFError")
try:
    input()
except EOFError:
    print("EOFError again, no prompt")
