using System.Diagnostics.Tracing;

namespace CartStorage.Tests;

/// <summary>
/// Counts the runtime's large-object-heap allocation ticks (<c>GCAllocationTick</c> with kind Large: one at least
/// every 100 KB allocated there) between two sentinel allocations, so that the count covers exactly the code run
/// between <see cref="Start"/> and <see cref="Stop"/>. Runtime events reach a listener asynchronously; the sentinels
/// (large arrays of a type of their own) mark where the window opens and closes in the event stream. Both wait on the
/// calling thread (<see cref="Thread.Sleep(int)"/>), so that a caller can keep all its work on one thread.
/// </summary>
internal sealed class LargeObjectListener : EventListener
{
    private const int AllocationTickEvent = 10;
    private const uint LargeObjectHeap = 1;
    private const long GcKeyword = 0x1;
    
    /// <summary>The runtime names the type without its namespace or declaring type.</summary>
    private static readonly string SentinelType = typeof(LargeObjectSentinel[]).Name;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly object gate = new();
    private int sentinels;
    private int counted;
    private readonly List<string> types = [];

    /// <summary>The type and size of the objects that triggered the ticks counted so far (for a failure message).</summary>
    public IReadOnlyList<string> Types
    {
        get
        {
            lock (gate)
            {
                return [.. types];
            }
        }
    }

    /// <summary>Opens the window once the listener provably receives allocation ticks.</summary>
    public void Start()
    {
        Mark();
        lock (gate)
        {
            counted = 0;
            types.Clear();
        }
    }

    /// <summary>Closes the window: the number of large-object ticks since <see cref="Start"/>, sentinels excluded.</summary>
    public int Stop()
    {
        Mark();
        lock (gate)
        {
            return counted;
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AllocationTickEvent || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        var kind = Convert.ToUInt32(eventData.Payload[eventData.PayloadNames.IndexOf("AllocationKind")], System.Globalization.CultureInfo.InvariantCulture);
        if (kind != LargeObjectHeap)
        {
            return;
        }

        var type = eventData.PayloadNames.IndexOf("TypeName") is var at and >= 0 ? eventData.Payload[at] as string ?? "?" : "?";
        var size = eventData.PayloadNames.IndexOf("ObjectSize") is var sizeAt and >= 0 ? eventData.Payload[sizeAt] : "?";
        lock (gate)
        {
            if (type == SentinelType)
            {
                sentinels++;
            }
            else
            {
                counted++;
                types.Add($"{type} of {size} bytes");
            }
        }
    }

    /// <summary>Allocates sentinels until the listener has seen one more than before.</summary>
    private void Mark()
    {
        int seen;
        lock (gate)
        {
            seen = sentinels;
        }

        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            GC.KeepAlive(new LargeObjectSentinel[20_000]);
            for (var i = 0; i < 20; i++)
            {
                Thread.Sleep(50);
                lock (gate)
                {
                    if (sentinels > seen)
                    {
                        return;
                    }
                }
            }
        }

        throw new TimeoutException("The runtime's allocation-tick events did not reach the EventListener within 30 s.");
    }

    private struct LargeObjectSentinel
    {
#pragma warning disable CS0169 // Only its size matters: 20,000 of them are one large-object-heap array.
        private long value;
#pragma warning restore CS0169
    }
}
