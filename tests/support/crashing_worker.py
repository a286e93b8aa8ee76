"""A checker worker that dies on the answer CRASH and hangs on HANG (batch tests)."""
import os
import sys
import time

from derive.checker import worker


def main():
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr

    def requests():
        for line in sys.stdin.buffer:
            if b'"answer": "CRASH"' in line:
                print("simulated crash", file=sys.stderr, flush=True)
                os._exit(3)
            if b'"answer": "HANG"' in line:
                out.write(b'{"event": "ready"}\n')
                out.flush()
                time.sleep(3600)
            yield line

    worker.serve(requests(), out)


if __name__ == "__main__":
    main()
