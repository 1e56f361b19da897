# Runs fuzz inputs one after another inside one interpreter (MicroPython): harness.py FOLDER COUNT.
# Each input FOLDER/<i>.py runs in its own globals; whatever it raises is caught and named, so only a
# crash, a trap or a hang can stop the batch. The markers let the runner tell which input was running.
import gc
import sys

folder, count = sys.argv[1], int(sys.argv[2])
for index in range(count):
    print("\n#FUZZ-START", index)
    try:
        with open(folder + "/" + str(index) + ".py", "rb") as stream:
            source = stream.read()
        exec(source, {"__name__": "__fuzz__"})
    except BaseException as error:  # SystemExit and KeyboardInterrupt too: the batch goes on
        try:
            print("\n#FUZZ-RAISED", type(error).__name__)
        except BaseException:
            pass
    source = None
    gc.collect()
print("\n#FUZZ-DONE", count)
