using System.Threading.Channels;

namespace Jingzhun.Data.Exchange.Bulk;

/// <summary>
/// Reads rows of a file on a thread of its own, a bounded number ahead of the writer: while the database merges one chunk,
/// the next is parsed, so that the importer's parsing and the server's work overlap instead of taking turns. Memory holds
/// at most <c>capacity</c> parsed rows. The rows come in the file's order; an error while reading comes out at the reader.
/// </summary>
internal static class ReadAhead
{
    public static async IAsyncEnumerable<T> Rows<T>(Func<CancellationToken, IEnumerable<T>> read, int capacity,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var row in read(stop.Token)) await channel.Writer.WriteAsync(row, stop.Token);
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var row in channel.Reader.ReadAllAsync(ct)) yield return row;
        }
        finally
        {
            // The writer stopped early (an error, a cancellation): the reading thread stops too, and is waited for.
            await stop.CancelAsync();
            try { await producer; } catch (OperationCanceledException) { }
        }
    }
}
