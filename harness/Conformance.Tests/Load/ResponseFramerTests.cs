using System.Text;
using Conformance.Load;

namespace Conformance.Tests.Load;

/// <summary>The allocation-free response framing, fed in pieces as reads would deliver them.</summary>
public sealed class ResponseFramerTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 200, false)]
    [InlineData("HTTP/1.1 404 Not Found\r\ncontent-length:0\r\n\r\n", 404, false)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n", 200, false)]
    [InlineData("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n", 204, true)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", 200, true)]
    public void Complete_responses_are_found_whatever_the_read_sizes(string response, int status, bool closeAfter)
    {
        var bytes = Encoding.ASCII.GetBytes(response);
        foreach (var piece in new[] { 1, 2, 3, 7, bytes.Length })
        {
            var framer = default(ResponseFramer);
            var buffer = new byte[1024];
            var filled = 0;
            var state = FrameState.NeedMore;
            for (var i = 0; i < bytes.Length; i += piece)
            {
                Assert.Equal(FrameState.NeedMore, state);
                var n = Math.Min(piece, bytes.Length - i);
                bytes.AsSpan(i, n).CopyTo(buffer.AsSpan(filled));
                filled += n;
                state = framer.Feed(buffer, ref filled);
            }

            Assert.Equal(FrameState.Complete, state);
            Assert.Equal(status, framer.Status);
            Assert.Equal(closeAfter, framer.CloseAfter);
        }
    }

    [Fact]
    public void A_body_without_length_ends_with_the_connection()
    {
        var framer = default(ResponseFramer);
        var buffer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\n\r\nsome body");
        var filled = buffer.Length;
        Assert.Equal(FrameState.NeedMore, framer.Feed(buffer, ref filled));
        Assert.True(framer.CompleteOnClose());
        Assert.True(framer.CloseAfter);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH\r\n\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n")]
    public void Garbage_is_malformed(string response)
    {
        var framer = default(ResponseFramer);
        var buffer = Encoding.ASCII.GetBytes(response);
        var filled = buffer.Length;
        Assert.Equal(FrameState.Malformed, framer.Feed(buffer, ref filled));
    }

    [Fact]
    public void A_cut_content_length_body_is_not_complete_on_close()
    {
        var framer = default(ResponseFramer);
        var buffer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        var filled = buffer.Length;
        Assert.Equal(FrameState.NeedMore, framer.Feed(buffer, ref filled));
        Assert.False(framer.CompleteOnClose());
    }
}
