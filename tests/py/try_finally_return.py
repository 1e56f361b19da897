# Interaction of try/except/else/finally with return, break and continue.


def ret_in_try():
    try:
        return "try"
    finally:
        print("  finally runs")


print(ret_in_try())


def finally_overrides_return():
    try:
        return "try"
    finally:
        return "finally"


print(finally_overrides_return())


def finally_swallows_exception():
    try:
        raise ValueError
    finally:
        return "swallowed"


print(finally_swallows_exception())


def else_clause(fail):
    out = []
    try:
        out.append("try")
        if fail:
            raise KeyError
    except KeyError:
        out.append("except")
    else:
        out.append("else")
    finally:
        out.append("finally")
    return out


print(else_clause(False), else_clause(True))


def return_value_evaluated_before_finally():
    x = [1]
    try:
        return x
    finally:
        x.append(2)


print(return_value_evaluated_before_finally())


def counter_in_finally():
    n = 0
    try:
        n += 1
        return n
    finally:
        n += 100
        print("  n in finally", n)


print(counter_in_finally())


def loop_control():
    log = []
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            log.append(i)
        finally:
            log.append("f%d" % i)
    return log


print(loop_control())


def nested_finally():
    log = []
    try:
        try:
            log.append("inner try")
            return log
        finally:
            log.append("inner finally")
    finally:
        log.append("outer finally")


print(nested_finally())


def exception_in_except():
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            [][0]
        finally:
            print("  inner finally")
    except IndexError:
        return "IndexError from handler"


print(exception_in_except())


def while_finally_break():
    i = 0
    while True:
        try:
            i += 1
            if i == 3:
                break
        finally:
            print("  iteration", i)
    return i


print(while_finally_break())


def generator_finally():
    try:
        yield 1
        return
    finally:
        print("  gen cleanup")


print(list(generator_finally()))


def try_except_return_paths(v):
    try:
        r = 10 // v
    except ZeroDivisionError:
        return "div0"
    except TypeError:
        return "type"
    else:
        return "ok %d" % r
    finally:
        print("  paths", repr(v))


for v in (2, 0, "s"):
    print(try_except_return_paths(v))
