"""A stand-in for the checker worker (same protocol, no SymPy): every answer is
"equal" at once, except HANG, which never finishes (an answer, or a line of --steps). Starts in milliseconds, so
batch tests can time out and restart it hundreds of times."""
import json
import sys
import time


def main():
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        request = json.loads(line)
        out.write(b'{"event": "ready"}\n')
        out.flush()
        answer = request.get("answer", request.get("line"))
        if answer == "HANG":
            while True:
                time.sleep(3600)
        result = {"equivalent": True, "status": "equal", "quantity": "Vout", "answer": answer,
                  "interpreted_as": answer, "feedback": "Correct.", "diagnosis": []}
        if request["op"] == "step":
            result.update(line=request["number"], step=None, step_kind=None)
        out.write((json.dumps(result) + "\n").encode())
        out.flush()


if __name__ == "__main__":
    main()
