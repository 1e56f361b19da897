// Asyncify builds: calls into the runtime return Promises (see pythons.js and the launcher).
Module["mpwAsync"] = true;
