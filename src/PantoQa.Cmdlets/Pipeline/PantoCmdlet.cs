using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PantoQa.Client.Errors;
using PantoQa.Client.Http;
using PantoQa.Cmdlets.Errors;
using PantoQa.Cmdlets.Session;

namespace PantoQa.Cmdlets.Pipeline;

/// <summary>
/// What every API cmdlet shares: cancellation on Ctrl+C, the session's client, and the one
/// way work on other threads reaches the pipeline: <see cref="Post"/> queues a write, and
/// the pipeline thread, the only thread allowed to write, runs the queue while it awaits.
/// </summary>
public abstract class PantoCmdlet : PSCmdlet, IDisposable
{
    private static readonly string[] HostTags = { "PSHOST" };
    private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
    private readonly ConcurrentQueue<Action> _posted = new ConcurrentQueue<Action>();
    private readonly AutoResetEvent _wake = new AutoResetEvent(false);
    private PantoSession? _session;

    /// <summary>Cancelled by Ctrl+C (StopProcessing) and when the cmdlet ends.</summary>
    protected internal CancellationToken StopToken => _stopping.Token;

    /// <summary>The session's client; resolving it first is what makes a missing key terminating.</summary>
    protected internal PantoClient Client => (_session ??= ResolveSession()).Client;

    /// <summary>Hand this to the client: it posts each request event as a verbose line.</summary>
    protected internal Action<PantoRequestEvent> Observer => OnRequestEvent;

    /// <summary>Resolves the session before any input, so that a missing key stops the cmdlet at once.</summary>
    protected override void BeginProcessing() => _session = ResolveSession();

    /// <summary>Ctrl+C: cancels <see cref="StopToken"/>, and with it every request and wait of this cmdlet.</summary>
    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>Cancels whatever still runs and releases the cancellation and wake-up handles.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _wake.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Any thread: queues a write for the pipeline thread, which runs it the next time it
    /// drains the queue (while it awaits, or before it writes a result).
    /// </summary>
    protected internal void Post(Action write)
    {
        _posted.Enqueue(write);
        _wake.Set();
    }

    /// <summary>Pipeline thread: runs what was posted, in the order it was posted.</summary>
    protected internal void RunPosted()
    {
        while (_posted.TryDequeue(out var write))
        {
            write();
        }
    }

    /// <summary>
    /// Pipeline thread: blocks until the task ends, running posted writes as they come.
    /// Returns at once when the pipeline is stopped. A limit on the wait is a task of its own
    /// on the client's clock (see TriggerWait), so no time is read here.
    /// </summary>
    protected internal void Await(Task task)
    {
        var handles = new[] { ((IAsyncResult)task).AsyncWaitHandle, _wake, StopToken.WaitHandle };
        while (true)
        {
            RunPosted();
            if (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }

            if (task.IsCompleted)
            {
                // What the task's last steps posted is written before the caller goes on.
                RunPosted();
                return;
            }

            WaitHandle.WaitAny(handles);
        }
    }

    /// <summary>Pipeline thread: stops every call in flight and ends the pipeline with this error.</summary>
    protected internal void Terminate(ErrorRecord error)
    {
        _stopping.Cancel();
        RunPosted();
        ThrowTerminatingError(error);
    }

    /// <summary>Pipeline thread: maps a failed call and writes it by <see cref="WriteFailure"/>.</summary>
    protected internal void WriteApiError(PantoApiException failure, string what, object target) =>
        WriteFailure(failure, ErrorRecords.FromApi(failure, what, target));

    /// <summary>
    /// Pipeline thread: the one rule for a failed call's record: a bad key ends the pipeline,
    /// since it fails every item alike; anything else is that item's error and the rest go on.
    /// </summary>
    protected internal void WriteFailure(PantoApiException failure, ErrorRecord record)
    {
        if (failure.Kind == PantoErrorKind.Unauthorized)
        {
            Terminate(record);
        }

        WriteError(record);
    }

    /// <summary>
    /// Pipeline thread: one line on the host, as Write-Host writes it (the information stream,
    /// tagged PSHOST), so it shows in a CI log by default and -InformationAction Ignore silences it.
    /// </summary>
    protected internal void WriteHostLine(string text) =>
        WriteInformation(new HostInformationMessage { Message = text }, HostTags);

    /// <summary>
    /// Pipeline thread: a warning that must be seen even while the pipeline is being stopped
    /// (Ctrl+C, Select-Object -First), when the warning stream no longer takes writes: then it
    /// goes straight to the host.
    /// </summary>
    protected internal void WriteLastWarning(string text)
    {
        if (!Stopping)
        {
            WriteWarning(text);
        }
        else
        {
            Host?.UI?.WriteWarningLine(text);
        }
    }

    private PantoSession ResolveSession()
    {
        PantoSession? session;
        try
        {
            session = SessionStore.Resolve();
        }
        catch (ArgumentException problem)
        {
            ThrowTerminatingError(ErrorRecords.InvalidSetting(problem, "InvalidEnvironmentSetting", null));
            throw;
        }

        if (session is null)
        {
            ThrowTerminatingError(ErrorRecords.NoApiKey());
        }

        return session!;
    }

    // Worker thread: the client reports each attempt from whichever thread runs it.
    private void OnRequestEvent(PantoRequestEvent e) => Post(() => WriteVerbose(e.ToString()));
}
