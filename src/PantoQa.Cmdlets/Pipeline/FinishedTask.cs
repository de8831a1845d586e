using System;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using PantoQa.Client.Errors;

namespace PantoQa.Cmdlets.Pipeline;

/// <summary>
/// The one way a finished fetch, poll or start is read: its value, the API failure to report
/// for its item, a stop, or a defect. A defect is rethrown with its own stack, so it ends the
/// command as an error; nothing that is not an API outcome is ever turned into silence.
/// </summary>
internal static class FinishedTask
{
    /// <summary>True with the value; false with the API failure to report.</summary>
    /// <exception cref="PipelineStoppedException">The task was cancelled, which only a stop does.</exception>
    internal static bool TryGet<T>(Task<T> done, out T value, out PantoApiException? failure)
    {
        failure = Failure(done);
        value = failure is null ? done.Result : default!;
        return failure is null;
    }

    /// <summary>Null when the task succeeded; its API failure otherwise.</summary>
    /// <exception cref="PipelineStoppedException">The task was cancelled, which only a stop does.</exception>
    internal static PantoApiException? Failure(Task done)
    {
        if (!done.IsCompleted)
        {
            throw new InvalidOperationException("A task was read before it finished.");
        }

        if (done.IsCanceled)
        {
            throw new PipelineStoppedException();
        }

        var error = done.Exception?.GetBaseException();
        switch (error)
        {
            case null:
                return null;
            case PantoApiException api:
                return api;
            case OperationCanceledException _:
                throw new PipelineStoppedException();
            default:
                ExceptionDispatchInfo.Capture(error).Throw();
                return null;
        }
    }
}
