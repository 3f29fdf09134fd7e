import Dispatch
import Foundation
import FootprintReport

/// Ctrl-C (SIGINT) and SIGTERM while a run writes its output: the temporary
/// files and staging folders it has made are removed, then the process dies
/// of the same signal (so the shell sees 130 or 143, as for any program).
/// A file already complete and being renamed into place is finished first
/// (`TemporaryFiles.commit`), so a target is always the old file or the new.
enum Interrupts {
    /// The sources must live as long as the process. Unchecked: written
    /// only by `install`, on the main thread before any other thread runs,
    /// and never read.
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// Call once, first thing in `main`, before any other thread exists.
    static func install() {
        for signo in [SIGINT, SIGTERM] {
            // libdispatch delivers the signal to the source; the default
            // action (dying at once) must not run first.
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: .global(qos: .userInitiated))
            source.setEventHandler {
                TemporaryFiles.shared.removeAll()
                signal(signo, SIG_DFL)
                var set = sigset_t()
                sigemptyset(&set)
                sigaddset(&set, signo)
                pthread_sigmask(SIG_UNBLOCK, &set, nil)
                kill(getpid(), signo)
            }
            source.resume()
            sources.append(source)
        }
    }
}
