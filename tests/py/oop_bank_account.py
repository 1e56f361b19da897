# A small object-oriented program: accounts, transactions, errors, polymorphism.


class InsufficientFunds(Exception):
    def __init__(self, needed, available):
        super().__init__(needed, available)
        self.needed = needed
        self.available = available


class Account:
    _next_id = 1000
    fee = 0

    def __init__(self, owner, balance=0):
        self.owner = owner
        self._balance = balance
        self.history = []
        self.id = Account._next_id
        Account._next_id += 1

    @property
    def balance(self):
        return self._balance

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self._balance += amount
        self.history.append(("deposit", amount))
        return self

    def withdraw(self, amount):
        total = amount + self.fee
        if total > self.available():
            raise InsufficientFunds(total, self.available())
        self._balance -= total
        self.history.append(("withdraw", amount))
        return self

    def available(self):
        return self._balance

    def month_end(self):
        pass

    def __repr__(self):
        return "<%s #%d %s: %d>" % (type(self).__name__, self.id, self.owner, self._balance)

    def __lt__(self, other):
        return self._balance < other._balance


class Savings(Account):
    rate_pct = 2

    def month_end(self):
        interest = self._balance * self.rate_pct // 100
        if interest:
            self.deposit(interest)


class Checking(Account):
    fee = 1

    def __init__(self, owner, balance=0, overdraft=50):
        super().__init__(owner, balance)
        self.overdraft = overdraft

    def available(self):
        return self._balance + self.overdraft


class Bank:
    def __init__(self):
        self.accounts = {}

    def open(self, cls, *args, **kw):
        acct = cls(*args, **kw)
        self.accounts[acct.id] = acct
        return acct

    def transfer(self, src, dst, amount):
        try:
            self.accounts[src].withdraw(amount)
        except InsufficientFunds as e:
            return "transfer failed: need %d have %d" % (e.needed, e.available)
        self.accounts[dst].deposit(amount)
        return "ok"

    def month_end(self):
        for acct in self.accounts.values():
            acct.month_end()

    def total(self):
        return sum(a.balance for a in self.accounts.values())


bank = Bank()
alice = bank.open(Savings, "alice", 1000)
bob = bank.open(Checking, "bob", 100, overdraft=200)
carol = bank.open(Account, "carol")
print(alice, bob, carol)
print(bank.transfer(alice.id, bob.id, 300))
print(bank.transfer(bob.id, carol.id, 550))
print(bank.transfer(bob.id, carol.id, 100))
print(bank.transfer(carol.id, alice.id, 1))
bank.month_end()
print(sorted(bank.accounts.values()))
print([a.history for a in (alice, bob, carol)])
print(bank.total(), bob.available(), bob.balance)
try:
    carol.deposit(-5)
except ValueError as e:
    print("ValueError", e.args[0])
try:
    bob.balance = 10
except AttributeError:
    print("balance is read-only")
for _ in range(3):
    bank.month_end()
print(alice.balance, [type(a).__name__ for a in sorted(bank.accounts.values())])
print(isinstance(alice, Account), issubclass(Checking, Savings), Checking.fee, Savings.fee)
alice.deposit(1).deposit(2).withdraw(3)
print(alice.history[-3:], alice.balance)
