//! A TCP listener that can cut every open connection, so dropping the fake
//! really stops it: even a `hang` request or an idle keep-alive connection.
//!
//! Each accepted socket is duplicated; the duplicate is kept (weakly) in a
//! [`Registry`], and [`Registry::stop`] shuts those sockets down, which makes
//! hyper see end-of-file and drop the connection with its pending handler.

use std::{
    io,
    net::{Shutdown, SocketAddr},
    pin::Pin,
    sync::{Arc, Mutex, PoisonError, Weak},
    task::{Context, Poll},
    time::Duration,
};

use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
};

/// The sockets of the connections still open.
#[derive(Debug, Default)]
pub(super) struct Registry {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    stopped: bool,
    live: Vec<Weak<std::net::TcpStream>>,
}

impl Registry {
    /// Shuts down every open connection and any accepted later.
    pub fn stop(&self) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.stopped = true;
        for socket in inner.live.drain(..).filter_map(|weak| weak.upgrade()) {
            let _ = socket.shutdown(Shutdown::Both);
        }
    }

    fn track(&self, socket: std::net::TcpStream) -> Arc<std::net::TcpStream> {
        let socket = Arc::new(socket);
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if inner.stopped {
            let _ = socket.shutdown(Shutdown::Both);
        } else {
            inner.live.retain(|weak| weak.strong_count() > 0);
            inner.live.push(Arc::downgrade(&socket));
        }
        socket
    }
}

/// A [`TcpListener`] whose connections are tracked in a [`Registry`].
pub(super) struct TrackedListener {
    pub listener: TcpListener,
    pub registry: Arc<Registry>,
}

impl TrackedListener {
    async fn accept_tracked(&self) -> io::Result<(TrackedStream, SocketAddr)> {
        let (stream, peer) = self.listener.accept().await?;
        let std_stream = stream.into_std()?;
        let duplicate = std_stream.try_clone()?;
        let stream = TcpStream::from_std(std_stream)?;
        let _ = stream.set_nodelay(true);
        Ok((TrackedStream { stream, _socket: self.registry.track(duplicate) }, peer))
    }
}

impl axum::serve::Listener for TrackedListener {
    type Io = TrackedStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.accept_tracked().await {
                Ok(accepted) => return accepted,
                Err(err) => {
                    tracing::debug!("fake-github: accept failed: {err}");
                    // Back off on resource exhaustion (e.g. too many open files).
                    if !matches!(
                        err.kind(),
                        io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset | io::ErrorKind::Interrupted
                    ) {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.listener.local_addr()
    }
}

/// An accepted connection; holding `_socket` keeps it visible to the registry.
pub(super) struct TrackedStream {
    stream: TcpStream,
    _socket: Arc<std::net::TcpStream>,
}

impl AsyncRead for TrackedStream {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for TrackedStream {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
