"""A pystone-style synthetic benchmark, written for this project.

Each loop runs the classic Dhrystone-style mix: record fields rewritten
through a small linked structure, procedure calls with a few arguments,
integer arithmetic, one- and two-dimensional array updates, character and
string comparisons and enumeration tests, with globals read and written
throughout. It is our own program, not CPython's pystone.py: its figures
compare interpreters run on this program, not published pystone results.

Usage: pystone.py [LOOPS] (default 50000). Prints a checksum of the final
state and pystones/second (loops per second). Runs unchanged on MicroPython
and CPython.
"""
import sys
import time

if hasattr(time, "ticks_us"):  # MicroPython: a microsecond tick counter that wraps
    def now():
        return time.ticks_us()

    def seconds_between(start, end):
        return time.ticks_diff(end, start) / 1000000
else:
    now = time.perf_counter

    def seconds_between(start, end):
        return end - start

# An enumeration, as plain integers (the way small interpreters see them).
NORTH, EAST, SOUTH, WEST, CENTRE = 0, 1, 2, 3, 4

FIRST_TEXT = "SYNTHETIC STRING, FIRST PASS"
SECOND_TEXT = "SYNTHETIC STRING, SECOND PASS"


class Cell:
    """One record of the linked structure the loop keeps rewriting."""

    def __init__(self, next_cell=None, heading=NORTH, count=0, weight=0, name=""):
        self.next_cell = next_cell
        self.heading = heading
        self.count = count
        self.weight = weight
        self.name = name

    def clone(self):
        return Cell(self.next_cell, self.heading, self.count, self.weight, self.name)


level = 0
toggle = False
letter_a = "\0"
letter_b = "\0"
row = [0] * 51
grid = [[0] * 51 for _ in range(51)]
current = None


def set_letters():
    global letter_a, toggle
    letter_a = "A"
    toggle = False


def mix_toggle():
    global toggle, letter_b
    toggle = letter_a == "A" or toggle
    letter_b = "B"


def offset(first, second):
    return first + second + 2


def fill(cells, table, first, second):
    global level
    at = first + 5
    cells[at] = second
    cells[at + 1] = cells[at]
    cells[at + 30] = at
    for column in range(at, at + 2):
        table[at][column] = at
    table[at][at - 1] += 1
    table[at + 20][at] = cells[at]
    level = 5


def relink(link):
    global level
    if current is not None:
        link = current.next_cell
    else:
        level = 100
    current.weight = offset(10, level)
    return link


def letter_kind(first, second):
    if first != second:
        return NORTH
    return EAST


def is_south(heading):
    return heading == SOUTH


def turn(heading):
    result = heading
    if not is_south(heading):
        result = WEST
    if heading == NORTH:
        result = NORTH
    elif heading == EAST:
        result = NORTH if level > 100 else WEST
    elif heading == SOUTH:
        result = EAST
    elif heading == CENTRE:
        result = SOUTH
    return result


def texts_differ(first, second):
    index = 1
    letter = "\0"
    while index <= 1:
        if letter_kind(first[index], second[index + 1]) == NORTH:
            letter = "A"
            index += 1
    if "W" <= letter <= "Z":
        index = 7
    if letter == "X":
        return True
    if first > second:
        index += 7
        return True
    return False


def rewrite(cell):
    following = cell.next_cell = current.clone()
    cell.weight = 5
    following.weight = cell.weight
    following.next_cell = cell.next_cell
    following.next_cell = relink(following.next_cell)
    if following.heading == NORTH:
        following.weight = 6
        following.heading = turn(cell.heading)
        following.next_cell = current.next_cell
        following.weight = offset(following.weight, 10)
    else:
        cell = following.clone()
    following.next_cell = None
    return cell


def bump(number):
    value = number + 10
    heading = CENTRE
    while True:
        if letter_a == "A":
            value -= 1
            number = value - level
            heading = NORTH
        if heading == NORTH:
            return number


def run(loops):
    global current, toggle
    current = Cell(Cell(), CENTRE, 0, 40, FIRST_TEXT)
    first = second = third = 0
    for _ in range(loops):
        set_letters()
        mix_toggle()
        first = 2
        second = 3
        heading = EAST
        toggle = not texts_differ(FIRST_TEXT, SECOND_TEXT)
        while first < second:
            third = 5 * first - second
            third = offset(first, second)
            first += 1
        fill(row, grid, first, third)
        current = rewrite(current)
        letter = "A"
        while letter <= letter_b:
            if heading == letter_kind(letter, "C"):
                heading = turn(NORTH)
            letter = chr(ord(letter) + 1)
        third = second * first
        second = third // first
        second = 7 * (third - second) - first
        first = bump(first)
    return first + second + third + heading


def main():
    loops = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
    start = now()
    locals_sum = run(loops)
    elapsed = seconds_between(start, now())
    checksum = (locals_sum + level + int(toggle) + row[8] + row[38] + grid[8][7] + grid[28][8]
                + current.weight + current.heading + ord(letter_b))
    print("check: %d" % checksum)
    print("pystone: %d loops in %.3f s" % (loops, elapsed))
    print("pystones/second: %.1f" % (loops / elapsed if elapsed > 0 else 0.0))


main()
